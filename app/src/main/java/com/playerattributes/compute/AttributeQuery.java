package com.playerattributes.compute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders {@code sql/user_panel.sql} for one engine and one as-of instant. */
public final class AttributeQuery {

    public static final String RESOURCE = "/sql/user_panel.sql";
    /** {@code ${name}} or {@code ${name(arg, arg)}}; arguments are plain column names. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_0-9]+)(?:\\(([^(){}]*)\\))?}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private AttributeQuery() {
    }

    public static String template() {
        try (InputStream in = AttributeQuery.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query text with every placeholder filled; the relation {@code events} must exist. */
    public static String render(SqlDialect dialect, Instant asOf) {
        LocalDateTime t = LocalDateTime.ofInstant(asOf, ZoneOffset.UTC);
        LocalDate d = t.toLocalDate();
        Map<String, String> values = new HashMap<>(dialect.functions());
        values.put("as_of_ts", "TIMESTAMP '" + TS.format(t) + "'");
        values.put("window_start_ts", "TIMESTAMP '" + TS.format(d.minusDays(4).atStartOfDay()) + "'");
        return substitute(template(), values);
    }

    static String substitute(String sql, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for placeholder ${" + m.group(1) + "} in " + RESOURCE);
            }
            if (m.group(2) != null) {
                String[] args = m.group(2).split(",");
                for (int i = 0; i < args.length; i++) {
                    String arg = args[i].strip();
                    if (!IDENTIFIER.matcher(arg).matches()) {
                        throw new IllegalStateException("placeholder ${" + m.group(1) + "(...)} in " + RESOURCE
                                + " takes column names, got '" + arg + "'");
                    }
                    value = value.replace("{" + i + "}", arg);
                }
            }
            if (value.matches("(?s).*\\{[0-9]+}.*")) {
                throw new IllegalStateException("placeholder ${" + m.group(1) + "} in " + RESOURCE + " needs arguments");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
