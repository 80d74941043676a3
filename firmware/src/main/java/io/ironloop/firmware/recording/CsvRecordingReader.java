package io.ironloop.firmware.recording;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file row by row into doubles, as its {@link RecordingMapping} says: FastCSV does the
 * splitting (CRLF, LF and CR alike, quotes, a byte-order mark), this class the mapping. Rows are
 * taken in file order and never sorted: recorded timestamps may repeat or go back (NAB), and replay
 * is by row order at the declared rate. Every error names {@code file:line}.
 */
public final class CsvRecordingReader implements AutoCloseable
{
    /** The pattern SKAB and NAB use; parsed by hand, since DateTimeFormatter costs microseconds a row. */
    private static final String ISO_SECONDS = "yyyy-MM-dd HH:mm:ss";
    private static final int NO_FAST_PATH = Integer.MIN_VALUE;

    private final String file;
    private final RecordingMapping mapping;
    private final Rows rows;
    private final String[] names;
    private final String[] units;
    /** 0-based source field per value channel, or -1 for an absent optional column. */
    private final int[] fields;
    private final int timestampField;
    private final DateTimeFormatter formatter;
    /** Offset of a fixed zone for the hand-written "yyyy-MM-dd HH:mm:ss" parser, or {@link #NO_FAST_PATH}. */
    private final int fixedOffsetSeconds;
    private final int valueOffset;
    private long line;
    private long lastEpochNs;
    private long firstEpochNs;
    private long rowCount;

    private CsvRecordingReader(final Path csv, final RecordingMapping mapping, final Rows rows) throws CsvRecordingException
    {
        this.file = csv.toString();
        this.mapping = mapping;
        this.rows = rows;
        final RecordingMapping.Timestamp timestamp = mapping.timestamp();
        final List<String> header = mapping.header() ? header(rows) : null;
        valueOffset = timestamp == null ? 0 : 1;
        final int channelCount = valueOffset + mapping.channels().size();
        names = new String[channelCount];
        units = new String[channelCount];
        fields = new int[mapping.channels().size()];
        if (timestamp != null)
        {
            names[0] = timestamp.channel();
            units[0] = "s";
            timestampField = resolve(header, timestamp.column(), false, "the timestamp");
            formatter = timestamp.formatter() == null ? null : timestamp.formatter().withZone(timestamp.zone());
            fixedOffsetSeconds = ISO_SECONDS.equals(timestamp.format()) && timestamp.zone().getRules().isFixedOffset()
                ? timestamp.zone().getRules().getOffset(Instant.EPOCH).getTotalSeconds() : NO_FAST_PATH;
        }
        else
        {
            timestampField = -1;
            formatter = null;
            fixedOffsetSeconds = NO_FAST_PATH;
        }
        for (int c = 0; c < fields.length; c++)
        {
            final RecordingMapping.Channel channel = mapping.channels().get(c);
            names[valueOffset + c] = channel.name();
            units[valueOffset + c] = channel.unit();
            fields[c] = resolve(header, channel.column(), channel.optional(), "channel '" + channel.name() + "'");
        }
    }

    /** Opens {@code csv} and reads its header row, if the mapping has one. */
    public static CsvRecordingReader open(final Path csv, final RecordingMapping mapping) throws IOException
    {
        final Rows rows = mapping.transposed() ? TransposedRows.read(csv, mapping) : new FileRows(csv, mapping);
        try
        {
            return new CsvRecordingReader(csv, mapping, rows);
        }
        catch (final IOException | RuntimeException ex)
        {
            rows.close();
            throw ex;
        }
    }

    private List<String> header(final Rows rows) throws CsvRecordingException
    {
        if (!rows.next())
        {
            throw new CsvRecordingException(file, 1, "the file is empty, the mapping expects a header row");
        }
        final List<String> header = new ArrayList<>(rows.fieldCount());
        for (int i = 0; i < rows.fieldCount(); i++)
        {
            header.add(rows.field(i).strip());
        }
        line = rows.line(0);
        return header;
    }

    private int resolve(
        final List<String> header, final RecordingMapping.Column column, final boolean optional, final String what)
        throws CsvRecordingException
    {
        if (column.name() == null)
        {
            return column.index() - 1;
        }
        final int index = header.indexOf(column.name());
        if (index < 0 && !optional)
        {
            throw new CsvRecordingException(file, line, "no column '" + column.name() + "' for " + what
                + " (mapping " + mapping.file() + "); the header has: " + String.join(", ", header));
        }
        return index;
    }

    /** Channel names: the timestamp channel first, if the mapping has one, then the value channels. */
    public String[] names()
    {
        return names.clone();
    }

    public String[] units()
    {
        return units.clone();
    }

    /** Source line of the row last returned. */
    public long line()
    {
        return line;
    }

    public long rowCount()
    {
        return rowCount;
    }

    /** Timestamp of the first row in nanoseconds since the epoch (0 without a timestamp column). */
    public long firstEpochNs()
    {
        return firstEpochNs;
    }

    /** Timestamp of the row last returned in nanoseconds since the epoch (0 without a timestamp column). */
    public long lastEpochNs()
    {
        return lastEpochNs;
    }

    /** Reads the next row into {@code row} (one value per {@link #names()}); false at the end of the file. */
    public boolean next(final double[] row) throws CsvRecordingException
    {
        if (!rows.next())
        {
            return false;
        }
        line = rows.line(0);
        if (timestampField >= 0)
        {
            lastEpochNs = epochNs(timestampField);
            if (rowCount == 0)
            {
                firstEpochNs = lastEpochNs;
            }
            row[0] = Math.floorDiv(lastEpochNs, 1_000_000_000L) + Math.floorMod(lastEpochNs, 1_000_000_000L) * 1e-9;
        }
        for (int c = 0; c < fields.length; c++)
        {
            final RecordingMapping.Channel channel = mapping.channels().get(c);
            final int field = fields[c];
            if (field < 0)
            {
                row[valueOffset + c] = channel.ifAbsent();
                continue;
            }
            final String text = cell(field, c);
            final double raw;
            try
            {
                raw = Double.parseDouble(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new CsvRecordingException(file, rows.line(field), "column " + channel.column() + " (channel '"
                    + channel.name() + "'): '" + text + "' is not a number");
            }
            row[valueOffset + c] = raw * channel.scale() + channel.offset();
        }
        rowCount++;
        return true;
    }

    /** The text of {@code field} for value channel {@code channel} (-1: the timestamp). */
    private String cell(final int field, final int channel) throws CsvRecordingException
    {
        if (field >= rows.fieldCount())
        {
            final String what = channel < 0 ? "the timestamp" : "channel '" + mapping.channels().get(channel).name() + "'";
            throw new CsvRecordingException(file, rows.line(Math.min(field, Math.max(0, rows.fieldCount() - 1))),
                "the row has " + rows.fieldCount() + " fields, " + what + " reads field " + (field + 1));
        }
        return rows.field(field);
    }

    private long epochNs(final int field) throws CsvRecordingException
    {
        final RecordingMapping.Timestamp timestamp = mapping.timestamp();
        final String text = cell(field, -1).strip();
        if (fixedOffsetSeconds != NO_FAST_PATH)
        {
            final long epochSeconds = isoSeconds(text);
            if (epochSeconds != Long.MIN_VALUE)
            {
                return (epochSeconds - fixedOffsetSeconds) * 1_000_000_000L;
            }
        }
        try
        {
            if (formatter == null)
            {
                final double seconds = Double.parseDouble(text) * timestamp.epochScale();
                if (!Double.isFinite(seconds))
                {
                    throw new NumberFormatException(text);
                }
                return Math.round(seconds * 1e9);
            }
            final Instant instant = formatter.parse(text, Instant::from);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        catch (final DateTimeParseException | NumberFormatException | ArithmeticException ex)
        {
            throw new CsvRecordingException(file, rows.line(field), "timestamp '" + text + "' in column "
                + timestamp.column() + " is not of the form \"" + timestamp.format() + "\"");
        }
    }

    /**
     * Seconds since the epoch (as if UTC) of {@code yyyy-MM-dd HH:mm:ss}, or Long.MIN_VALUE for anything
     * else, which the formatter then parses or reports exactly as it would have.
     */
    static long isoSeconds(final String text)
    {
        if (text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
            || text.charAt(13) != ':' || text.charAt(16) != ':')
        {
            return Long.MIN_VALUE;
        }
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 2);
        final int day = digits(text, 8, 2);
        final int hour = digits(text, 11, 2);
        final int minute = digits(text, 14, 2);
        final int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
            || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        {
            return Long.MIN_VALUE;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** {@link #isoSeconds(String)} for other readers of SKAB/NAB-style timestamps: epoch seconds as if UTC, or Long.MIN_VALUE. */
    public static long isoSecondsUtc(final String text)
    {
        return isoSeconds(text.strip());
    }

    /** The decimal number in {@code text[from, from + count)}, or -1 if any of it is not a digit. */
    private static int digits(final String text, final int from, final int count)
    {
        int value = 0;
        for (int i = from; i < from + count; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public void close() throws IOException
    {
        rows.close();
    }

    /** Records as lists of fields, each field with the source line it came from. */
    private interface Rows extends AutoCloseable
    {
        boolean next() throws CsvRecordingException;

        int fieldCount();

        String field(int index);

        long line(int field);

        @Override
        void close() throws IOException;
    }

    private static CsvReader<CsvRecord> csv(final Path path, final RecordingMapping mapping) throws IOException
    {
        return CsvReader.builder()
            .fieldSeparator(mapping.separator() == RecordingMapping.WHITESPACE ? ' ' : mapping.separator())
            .skipEmptyLines(true)
            .detectBomHeader(true)
            .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
            .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
            .ofCsvRecord(path, StandardCharsets.UTF_8);
    }

    /** Splits a record on runs of blanks: FastCSV gives an empty field between two adjacent separators. */
    private static List<String> fields(final CsvRecord record, final RecordingMapping mapping)
    {
        final List<String> fields = record.getFields();
        if (mapping.separator() != RecordingMapping.WHITESPACE)
        {
            return fields;
        }
        final List<String> kept = new ArrayList<>(fields.size());
        for (final String field : fields)
        {
            // FastCSV splits on one character: blanks here, tabs inside what it gives back
            for (final String part : field.indexOf('\t') < 0 ? new String[] {field} : field.split("\t"))
            {
                final String stripped = part.strip();
                if (!stripped.isEmpty())
                {
                    kept.add(stripped);
                }
            }
        }
        return kept;
    }

    /** Rows straight from the file, one at a time. */
    private static final class FileRows implements Rows
    {
        private final String file;
        private final RecordingMapping mapping;
        private final CsvReader<CsvRecord> reader;
        private final CloseableIterator<CsvRecord> records;
        private List<String> fields = List.of();
        private long line;

        FileRows(final Path path, final RecordingMapping mapping) throws IOException
        {
            this.file = path.toString();
            this.mapping = mapping;
            this.reader = csv(path, mapping);
            this.records = reader.iterator();
        }

        @Override
        public boolean next() throws CsvRecordingException
        {
            try
            {
                while (records.hasNext())
                {
                    final CsvRecord record = records.next();
                    fields = fields(record, mapping);
                    line = record.getStartingLineNumber();
                    if (!fields.isEmpty())
                    {
                        return true;
                    }
                }
                return false;
            }
            catch (final CsvParseException ex)
            {
                throw new CsvRecordingException(file, line + 1, "cannot parse CSV: " + ex.getMessage());
            }
            catch (final UncheckedIOException ex)
            {
                throw new CsvRecordingException(file, line + 1, "cannot read: " + ex.getCause().getMessage());
            }
        }

        @Override
        public int fieldCount()
        {
            return fields.size();
        }

        @Override
        public String field(final int index)
        {
            return fields.get(index);
        }

        @Override
        public long line(final int field)
        {
            return line;
        }

        @Override
        public void close() throws IOException
        {
            reader.close();
        }
    }

    /**
     * A file stored one column per line (TEP {@code d00.dat}: 52 lines of 500 samples): read whole,
     * then served column by column as rows. Such files are small; a long recording is never stored so.
     */
    private static final class TransposedRows implements Rows
    {
        private final List<List<String>> lines;
        private final long[] lineNumbers;
        private final int rowCount;
        private int row = -1;

        private TransposedRows(final List<List<String>> lines, final long[] lineNumbers, final int rowCount)
        {
            this.lines = lines;
            this.lineNumbers = lineNumbers;
            this.rowCount = rowCount;
        }

        static TransposedRows read(final Path path, final RecordingMapping mapping) throws IOException
        {
            final List<List<String>> lines = new ArrayList<>();
            final List<Long> numbers = new ArrayList<>();
            try (FileRows rows = new FileRows(path, mapping))
            {
                int width = -1;
                while (rows.next())
                {
                    if (width >= 0 && rows.fieldCount() != width)
                    {
                        throw new CsvRecordingException(path.toString(), rows.line(0), "a transposed file needs lines of"
                            + " equal length: this line has " + rows.fieldCount() + " fields, line " + numbers.get(0)
                            + " has " + width);
                    }
                    width = rows.fieldCount();
                    lines.add(rows.fields);
                    numbers.add(rows.line(0));
                }
                final long[] lineNumbers = numbers.stream().mapToLong(Long::longValue).toArray();
                return new TransposedRows(lines, lineNumbers, Math.max(0, width));
            }
        }

        @Override
        public boolean next()
        {
            if (row + 1 >= rowCount)
            {
                return false;
            }
            row++;
            return true;
        }

        @Override
        public int fieldCount()
        {
            return lines.size();
        }

        @Override
        public String field(final int index)
        {
            return lines.get(index).get(row);
        }

        @Override
        public long line(final int field)
        {
            return lineNumbers[field];
        }

        @Override
        public void close()
        {
        }
    }
}
