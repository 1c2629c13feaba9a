package com.playerattributes.bench;

/**
 * Relative weights of the three API calls the load generator sends, parsed from {@code single=8,all=1,batch=1}.
 *
 * @param single    {@code GET /v1/players/{id}/attributes/{name}}
 * @param all       {@code GET /v1/players/{id}/attributes}
 * @param batch     {@code POST /v1/attributes:batchGet}
 * @param batchSize players per batch request
 */
public record RequestMix(int single, int all, int batch, int batchSize) {

    public enum Kind { SINGLE, ALL, BATCH }

    public RequestMix {
        if (single < 0 || all < 0 || batch < 0 || single + all + batch == 0) {
            throw new IllegalArgumentException("--mix: weights must be >= 0 and not all 0");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1");
        }
    }

    public static RequestMix parse(String spec, int batchSize) {
        int single = 0;
        int all = 0;
        int batch = 0;
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--mix " + spec + ": expected name=weight pairs such as single=8,all=1,batch=1");
            }
            int weight;
            try {
                weight = Integer.parseInt(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix " + spec + ": weight '" + kv[1] + "' is not an integer");
            }
            switch (kv[0].strip()) {
                case "single" -> single = weight;
                case "all" -> all = weight;
                case "batch" -> batch = weight;
                default -> throw new IllegalArgumentException("--mix " + spec + ": unknown request kind '" + kv[0]
                        + "' (single, all, batch)");
            }
        }
        return new RequestMix(single, all, batch, batchSize);
    }

    /** The kind for a uniform draw {@code u} in [0, 1). */
    public Kind pick(double u) {
        double x = u * (single + all + batch);
        if (x < single) {
            return Kind.SINGLE;
        }
        return x < single + all ? Kind.ALL : Kind.BATCH;
    }

    @Override
    public String toString() {
        return "single=" + single + ",all=" + all + ",batch=" + batch;
    }
}
