package com.playerattributes.cli;

import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.store.OnlineStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Loads a snapshot into the online store as a new version, validates it, and switches it live"
                + " atomically. A failed check or an interrupted load leaves the live version untouched."})
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--snapshot", required = true, paramLabel = "SNAPSHOT_DIR",
            description = "Snapshot directory written by compute (manifest.json + part-*.parquet).")
    Path snapshot;

    @Mixin
    StoreOption store;

    @Mixin
    PublishFlags flags;

    @Override
    public Integer call() {
        PublishOptions options = flags.toOptions();
        Publisher.readSnapshot(snapshot); // before the store is opened, which would create it
        try (OnlineStore online = store.open()) {
            PublishResult result = new Publisher(online, options, ProgressBar.forTerminal()).publish(snapshot);
            System.out.println(result.summary());
        }
        return 0;
    }
}
