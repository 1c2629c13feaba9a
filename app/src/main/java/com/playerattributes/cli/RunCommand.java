package com.playerattributes.cli;

import com.playerattributes.store.OnlineStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Computes a new snapshot from raw events and publishes it: compute, then publish, once.",
                "The snapshot goes into a new run-<time> directory under --snapshots. After the switch, snapshots that"
                        + " no kept store version was loaded from are removed. A failure at any step leaves the live"
                        + " version as it was."})
final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ComputeOptions compute;

    @Mixin
    StoreOption store;

    @Mixin
    PublishFlags publish;

    @Mixin
    SnapshotsOption snapshots;

    @Override
    public Integer call() {
        compute.requireEvents();
        Path dir = snapshots.resolve(store.location());
        try (OnlineStore online = store.open()) {
            ComputeThenPublish.Report report = new ComputeThenPublish(compute, online, publish.toOptions(), dir,
                    ProgressBar.forTerminal(), Clock.systemUTC()).runOnce();
            spec.commandLine().getOut().println(report.summary());
        }
        return 0;
    }
}
