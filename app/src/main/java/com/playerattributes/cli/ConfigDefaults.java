package com.playerattributes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Values for options not given on the command line: first the environment ({@code --as-of} → {@code PA_AS_OF}),
 * then the config file ({@code --config FILE} or {@code PA_CONFIG}; key {@code as-of}), then the option's own
 * default. So the precedence is flag &gt; environment &gt; file &gt; default. One key means the same in every
 * command that has the option.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    static final String ENV_PREFIX = "PA_";
    static final String CONFIG_OPTION = "--config";

    private final Map<String, String> env;
    private final Map<String, String> file;
    private final Path origin;

    ConfigDefaults(Map<String, String> env, Map<String, String> file, Path origin) {
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.origin = origin;
    }

    /** Finds {@code --config} in the raw arguments (or {@code PA_CONFIG}) and reads it. */
    static ConfigDefaults from(String[] args, Map<String, String> env) {
        String path = env.get(envName(CONFIG_OPTION));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith(CONFIG_OPTION + "=")) {
                path = args[i].substring(CONFIG_OPTION.length() + 1);
            }
        }
        if (path == null || path.isBlank()) {
            return new ConfigDefaults(env, Map.of(), null);
        }
        return new ConfigDefaults(env, read(Path.of(path)), Path.of(path));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.longestName().equals(CONFIG_OPTION)) {
            return null;
        }
        String fromEnv = env.get(envName(option.longestName()));
        if (fromEnv != null) {
            return fromEnv;
        }
        return file.get(key(option.longestName()));
    }

    /** {@code --as-of} → {@code PA_AS_OF}. */
    static String envName(String optionName) {
        return ENV_PREFIX + key(optionName).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code --as-of} → {@code as-of}. */
    static String key(String optionName) {
        return optionName.replaceFirst("^-+", "");
    }

    /** Fails on keys no command knows, so a typo in the file is not silently ignored. */
    void checkKeys(CommandLine root) {
        Set<String> known = new TreeSet<>();
        collect(root, known);
        for (String k : file.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("--config file " + origin + ": unknown key '" + k
                        + "'; valid keys are the long option names without dashes (see docs/configuration.md)");
            }
        }
    }

    private static void collect(CommandLine cl, Set<String> known) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            known.add(key(o.longestName()));
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, known);
        }
    }

    static Map<String, String> read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--config " + path + ": no such file");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYaml(path);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(path)) {
                p.load(r);
            }
            Map<String, String> m = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("--config")) {
                throw iae;
            }
            throw new IllegalArgumentException("--config " + path + ": cannot read it: "
                    + com.playerattributes.events.EventValidator.firstLine(e.getMessage()), e);
        }
    }

    private static Map<String, String> readYaml(Path path) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        Map<String, String> m = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return m;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("--config " + path + ": expected a mapping of option names to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                throw new IllegalArgumentException("--config " + path + ": key '" + e.getKey()
                        + "' has a nested mapping; use flat keys named like the options (as-of: latest)");
            }
            m.put(e.getKey(), v.isArray() ? join(v) : v.asText());
        }
        return m;
    }

    private static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(x -> sb.append(sb.length() == 0 ? "" : ",").append(x.asText()));
        return sb.toString();
    }

    /** The markdown table of docs/configuration.md: every option of every command, one row each. */
    static String markdownTable(CommandLine root) {
        Map<String, OptionRow> rows = new LinkedHashMap<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp() || o.hidden()) {
                    continue;
                }
                rows.computeIfAbsent(o.longestName(), n -> new OptionRow(o, new TreeSet<>())).commands().add(spec.name());
            }
        }
        StringBuilder sb = new StringBuilder("| Flag | Environment variable | Config key | Default | Commands | Meaning |\n"
                + "|---|---|---|---|---|---|\n");
        rows.values().stream().sorted((a, b) -> a.option().longestName().compareTo(b.option().longestName())).forEach(r -> {
            OptionSpec o = r.option();
            String def = o.defaultValue() != null ? o.defaultValue()
                    : o.initialValue() == null || o.initialValue() instanceof Boolean b && !b ? "" : String.valueOf(o.initialValue());
            sb.append("| `").append(o.longestName()).append("` | `").append(envName(o.longestName())).append("` | `")
                    .append(key(o.longestName())).append("` | ").append(def.isEmpty() ? (o.required() ? "required" : "—") : "`" + def + "`")
                    .append(" | ").append(String.join(", ", r.commands())).append(" | ")
                    .append(String.join(" ", o.description()).replace("|", "\\|").replace("${DEFAULT-VALUE}", def))
                    .append(" |\n");
        });
        return sb.toString();
    }

    private record OptionRow(OptionSpec option, Set<String> commands) {
    }
}
