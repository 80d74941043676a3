package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;

/** A driver spec whose schema is fixed when the spec is made, as every spec's is. */
abstract class SchemaSpec implements DriverSpec
{
    private final DriverCatalog.Driver schema;

    SchemaSpec(final DriverCatalog.Driver schema)
    {
        this.schema = schema;
    }

    @Override
    public final DriverCatalog.Driver schema()
    {
        return schema;
    }
}
