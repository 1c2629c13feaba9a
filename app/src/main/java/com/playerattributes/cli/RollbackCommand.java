package com.playerattributes.cli;

import com.playerattributes.publish.Rollback;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Switches the live version back atomically. Running servers follow within a fraction of a second.")
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--to", paramLabel = "VERSION",
            description = "Version to make live (e.g. v000002 or 2). Default: the newest version older than the live one.")
    String to;

    @Override
    public Integer call() {
        try (OnlineStore online = store.openExisting()) {
            StoreVersion live = Rollback.run(online, Optional.ofNullable(to));
            System.out.printf("live version: %s (as of %s, %,d rows)%n", live.id(), live.asOf(), live.rows());
        }
        return 0;
    }
}
