package com.playerattributes.bench;

import java.nio.file.Path;

/** What {@link EventGenerator} wrote. */
public record GenerateResult(Path out, long players, long events, long files, long durationMillis) {
}
