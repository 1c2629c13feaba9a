package com.playerattributes.store.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * The RocksDB options of a version. Writing and reading must agree on the table format (bloom filter, block
 * size), so both sides are built here.
 */
final class RocksDbTuning {
    /** Point lookups of ~50-byte values: small blocks keep the bytes read per lookup low. */
    private static final long BLOCK_SIZE = 8 * 1024;
    private static final double BLOOM_BITS_PER_KEY = 10;

    private RocksDbTuning() {
    }

    /** Options for the {@code SstFileWriter}s of a load and for the database the files are ingested into. */
    static Options forWriting(RocksDbLog logger) {
        Options options = new Options()
                .setCreateIfMissing(true)
                .setErrorIfExists(true)
                // Chunks cover disjoint key ranges and land on the bottom level: nothing to compact, ever.
                .setDisableAutoCompactions(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(tableConfig(null))
                .setLogger(logger);
        return options;
    }

    /** Options for serving a sealed version read-only: bounded memory (shared block cache), all files kept open. */
    static Options forReading(Cache blockCache, RocksDbLog logger) {
        return new Options()
                .setMaxOpenFiles(-1)
                .setSkipStatsUpdateOnDbOpen(true)
                .setTableFormatConfig(tableConfig(blockCache))
                .setLogger(logger);
    }

    private static BlockBasedTableConfig tableConfig(Cache blockCache) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockSize(BLOCK_SIZE)
                .setFilterPolicy(new BloomFilter(BLOOM_BITS_PER_KEY, false))
                .setWholeKeyFiltering(true);
        if (blockCache != null) {
            // Index and filter blocks live in the fixed-size cache too, so memory stays bounded for any panel size.
            table.setBlockCache(blockCache)
                    .setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinTopLevelIndexAndFilter(true);
        }
        return table;
    }
}
