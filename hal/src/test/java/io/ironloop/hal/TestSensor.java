package io.ironloop.hal;

/** Test double: a volt sensor, always ACTIVE, whose read the test supplies (a value it sets, a driver bug, ...). */
public final class TestSensor implements Sensor
{
    /** What one read does. */
    @FunctionalInterface
    public interface Read
    {
        int read(long nowNs, Reading out);
    }

    private final String id;
    private final Read read;

    public TestSensor(final String id, final Read read)
    {
        this.id = id;
        this.read = read;
    }

    @Override
    public Unit unit()
    {
        return Unit.VOLT;
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        return read.read(nowNs, out);
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public void configure()
    {
    }

    @Override
    public void activate()
    {
    }

    @Override
    public void deactivate()
    {
    }

    @Override
    public LifecycleState state()
    {
        return LifecycleState.ACTIVE;
    }
}
