package com.playerattributes.events;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** Resolves the {@code --events} argument, a directory or a glob, to a sorted list of Parquet files. */
public final class EventFiles {

    private EventFiles() {
    }

    /**
     * A directory means every {@code *.parquet} file below it. Anything containing {@code * ? [ {} is a glob,
     * matched against paths below its longest wildcard-free parent. Otherwise it must be one file.
     */
    public static List<Path> resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("--events: no path given");
        }
        int wildcard = firstWildcard(spec);
        if (wildcard < 0) {
            Path path = Paths.get(spec).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                List<Path> files = walk(path, path.getFileSystem().getPathMatcher("glob:**.parquet"));
                if (files.isEmpty()) {
                    throw new InvalidInputException("--events " + spec + ": directory has no .parquet files");
                }
                return files;
            }
            if (Files.isRegularFile(path)) {
                return List.of(path);
            }
            throw new InvalidInputException("--events " + spec + ": no such file or directory");
        }
        int slash = spec.lastIndexOf('/', wildcard);
        Path base = (slash < 0 ? Paths.get("") : Paths.get(spec.substring(0, slash + 1))).toAbsolutePath().normalize();
        String pattern = spec.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new InvalidInputException("--events " + spec + ": directory " + base + " does not exist");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Path> files = walk(base, p -> matcher.matches(base.relativize(p)));
        if (files.isEmpty()) {
            throw new InvalidInputException("--events " + spec + ": no files match");
        }
        return files;
    }

    private static List<Path> walk(Path base, PathMatcher matcher) {
        try (Stream<Path> paths = Files.walk(base)) {
            return paths.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("--events: cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    private static int firstWildcard(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }
}
