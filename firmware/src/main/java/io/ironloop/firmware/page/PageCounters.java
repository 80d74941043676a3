package io.ironloop.firmware.page;

import io.ironloop.control.runtime.CounterTypes;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/** The status page's counters, in the run's counters file so {@code ironloop stat} shows them too. */
public final class PageCounters
{
    final AtomicCounter requestsRefused;
    final AtomicCounter unauthorized;
    final AtomicCounter eventsDropped;
    final AtomicCounter clients;
    final AtomicCounter clientsCutOff;

    public PageCounters(final CountersManager manager)
    {
        requestsRefused = manager.newCounter("page requests refused", CounterTypes.PAGE_REQUESTS_REFUSED);
        unauthorized = manager.newCounter("page commands refused: token", CounterTypes.PAGE_UNAUTHORIZED);
        eventsDropped = manager.newCounter("page events dropped", CounterTypes.PAGE_EVENTS_DROPPED);
        clients = manager.newCounter("page clients", CounterTypes.PAGE_CLIENTS);
        clientsCutOff = manager.newCounter("page clients cut off", CounterTypes.PAGE_CLIENTS_CUT_OFF);
    }

    public long requestsRefused()
    {
        return requestsRefused.get();
    }

    public long unauthorized()
    {
        return unauthorized.get();
    }

    public long eventsDropped()
    {
        return eventsDropped.get();
    }

    public long clients()
    {
        return clients.get();
    }

    public long clientsCutOff()
    {
        return clientsCutOff.get();
    }
}
