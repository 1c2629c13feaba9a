package com.playerattributes.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * Turns any failure of a command into one line on stderr ({@code error: …}) and exit code 1. The stack trace
 * goes to the debug log only, so operators see the cause, not the plumbing.
 */
public final class OneLineErrors implements CommandLine.IExecutionExceptionHandler,
        CommandLine.IParameterExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(OneLineErrors.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        cl.getErr().println("error: " + message(ex));
        cl.getErr().flush();
        log.debug("command failed", ex);
        return 1;
    }

    /**
     * A malformed command line (unknown option, unparseable value, missing required flag): one line naming the
     * problem and where to look, exit code 2, instead of picocli's full usage dump.
     */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("error: " + message(ex) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String message(Throwable ex) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException && t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
