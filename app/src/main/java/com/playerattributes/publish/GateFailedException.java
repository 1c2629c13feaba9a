package com.playerattributes.publish;

/** A validation gate check refused a snapshot. The live version is untouched. */
public final class GateFailedException extends RuntimeException {
    private final String check;

    public GateFailedException(String check, String detail) {
        super("gate check '" + check + "' failed: " + detail + "; the live version is unchanged");
        this.check = check;
    }

    /** The name of the failed check, e.g. {@code part checksums}. */
    public String check() {
        return check;
    }
}
