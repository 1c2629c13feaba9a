package com.playerattributes.store.rocksdb;

import org.rocksdb.InfoLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes RocksDB's own log to slf4j at debug level. Without it RocksDB writes LOG files into each database
 * directory, which would modify immutable version directories that several processes open read-only. Its
 * messages are for RocksDB developers (e.g. an "error" when a new database's directory does not exist yet); real
 * failures reach us as exceptions.
 */
final class RocksDbLog extends org.rocksdb.Logger {
    private static final Logger log = LoggerFactory.getLogger("rocksdb");

    RocksDbLog() {
        super(InfoLogLevel.WARN_LEVEL);
    }

    @Override
    protected void log(InfoLogLevel level, String message) {
        log.debug("{}: {}", level, message);
    }
}
