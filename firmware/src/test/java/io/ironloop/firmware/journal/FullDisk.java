package io.ironloop.firmware.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A disk that fills on demand, for the journal's segment opener: while {@link #full} is set, every write,
 * fsync and new segment fails with the IOException a full file system gives (ENOSPC). Root ignores a
 * read-only directory, so this is how a test gets a write failure on CI.
 */
public final class FullDisk implements JournalConfig.SegmentOpener
{
    public static final String ENOSPC = "No space left on device";

    private final AtomicBoolean full = new AtomicBoolean();

    public void full(final boolean isFull)
    {
        full.set(isFull);
    }

    @Override
    public FileChannel open(final Path path) throws IOException
    {
        check();
        return new Channel(new JournalConfig().segmentOpener().open(path));
    }

    private void check() throws IOException
    {
        if (full.get())
        {
            throw new IOException(ENOSPC);
        }
    }

    private final class Channel extends FileChannel
    {
        private final FileChannel file;

        Channel(final FileChannel file)
        {
            this.file = file;
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException
        {
            return file.read(dst);
        }

        @Override
        public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException
        {
            return file.read(dsts, offset, length);
        }

        @Override
        public int write(final ByteBuffer src) throws IOException
        {
            check();
            return file.write(src);
        }

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException
        {
            check();
            return file.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException
        {
            return file.position();
        }

        @Override
        public FileChannel position(final long newPosition) throws IOException
        {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException
        {
            return file.size();
        }

        @Override
        public FileChannel truncate(final long size) throws IOException
        {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(final boolean metaData) throws IOException
        {
            check();
            file.force(metaData);
        }

        @Override
        public long transferTo(final long position, final long count, final WritableByteChannel target) throws IOException
        {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(final ReadableByteChannel src, final long position, final long count) throws IOException
        {
            check();
            return file.transferFrom(src, position, count);
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException
        {
            return file.read(dst, position);
        }

        @Override
        public int write(final ByteBuffer src, final long position) throws IOException
        {
            check();
            return file.write(src, position);
        }

        @Override
        public MappedByteBuffer map(final MapMode mode, final long position, final long size) throws IOException
        {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(final long position, final long size, final boolean shared) throws IOException
        {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException
        {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException
        {
            file.close();
        }
    }
}
