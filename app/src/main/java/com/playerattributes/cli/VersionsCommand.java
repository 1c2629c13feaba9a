package com.playerattributes.cli;

import com.playerattributes.publish.PublishResult;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Lists the versions in the online store, newest first; '*' marks the live one.")
final class VersionsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (OnlineStore online = store.openExisting()) {
            System.out.print(table(online.versions()));
        }
        return 0;
    }

    static String table(List<StoreVersion> versions) {
        if (versions.isEmpty()) {
            return "no versions yet; publish a snapshot first\n";
        }
        StringBuilder out = new StringBuilder(String.format("%-4s %-10s %-22s %12s %11s  %-20s  %s%n",
                "LIVE", "VERSION", "AS OF", "ROWS", "BYTES", "PUBLISHED AT", "SOURCE"));
        for (StoreVersion v : versions) {
            out.append(String.format("%-4s %-10s %-22s %,12d %11s  %-20s  %s%n", v.live() ? "*" : "", v.id(), v.asOf(),
                    v.rows(), PublishResult.humanBytes(v.bytes()),
                    v.publishedAt() == null ? "never" : v.publishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), v.source()));
        }
        return out.toString();
    }
}
