package com.playerattributes.store.redis;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.VersionLoad;

/**
 * Child JVM for the killed-publish test: takes the lock, loads rows without end, prints "loading" once a batch
 * is in Redis. The test kills it with SIGKILL.
 */
public final class AbandonedPublishMain {
    private AbandonedPublishMain() {
    }

    public static void main(String[] args) throws Exception {
        RedisStore store = RedisStore.open(RedisLocation.parse(args[0]), RedisStoreFixtures.FAST);
        store.lockForPublish();
        VersionLoad load = store.beginVersion(RedisStoreFixtures.AS_OF, "abandoned");
        VersionLoad.ChunkWriter writer = load.openChunk(0);
        for (int i = 0; ; i++) {
            PanelRow row = RedisStoreFixtures.row(i, 99);
            writer.put(PanelValueCodec.key(row.playerId()), PanelValueCodec.encode(row));
            if (i == 5000) {
                System.out.println("loading " + load.versionId());
                System.out.flush();
            }
            if (i > 5000) {
                Thread.sleep(1);
            }
        }
    }
}
