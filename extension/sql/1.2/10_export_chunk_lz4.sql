-- Export chunks: lz4 compresses a 64 KB chunk several times faster than pglz (new rows only).
ALTER TABLE @extschema@.export_chunk ALTER COLUMN data SET COMPRESSION lz4;
