package com.playerattributes.server;

/** The same behaviour with store reads on the worker pool instead of the event loop. */
class AttributeServerWorkerReadsTest extends AttributeServerTest {
    @Override
    ServerConfig config() {
        return super.config().withReadsOnWorker(true);
    }
}
