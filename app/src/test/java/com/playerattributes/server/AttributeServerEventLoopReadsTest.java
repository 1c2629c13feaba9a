package com.playerattributes.server;

/** The same behaviour with store reads on the event loop instead of the worker pool (the default). */
class AttributeServerEventLoopReadsTest extends AttributeServerTest {
    @Override
    ServerConfig config() {
        return super.config().withReadsOnWorker(false);
    }
}
