package io.ironloop.hal.driver;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestClock;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.bme280.Bme280;
import io.ironloop.hal.driver.bme280.Bme280.Quantity;
import io.ironloop.hal.driver.bme280.Bme280Calibration;
import io.ironloop.hal.driver.bme280.Bme280Registers;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.SimSpiBus;
import io.ironloop.hal.sim.device.Bme280Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class Bme280Test
{
    private static final long CYCLE_NS = 10_000_000L;
    private final TestClock clock = new TestClock();
    private final SimI2cBus i2c = new SimI2cBus(1, clock);
    private final SimSpiBus spi = new SimSpiBus(0, 2, clock);
    private final Reading reading = new Reading();
    private double temperatureC = 21.5;
    private double pressurePa = 101_325.0;
    private double humidityPct = 45.0;
    private Bme280Model model;

    private Bme280 chip(final boolean onSpi) throws HardwareException
    {
        model = new Bme280Model(now -> temperatureC, now -> pressurePa, now -> humidityPct);
        final RegisterBus shim;
        if (onSpi)
        {
            spi.attach(1, model.spi());
            shim = new SpiRegisterBus(spi, 1, Bme280Registers.SPI);
        }
        else
        {
            i2c.attach(0x76, model);
            shim = new I2cRegisterBus(i2c, 0x76);
        }
        final Bme280 chip = new Bme280("room", shim);
        chip.configure();
        return chip;
    }

    @Test
    void shouldMatchBoschWorkedExampleForTemperatureAndPressure()
    {
        // BMP280 datasheet 3.12 (same formulas and trimming layout as the BME280): 25.08 degC, 100653.27 Pa.
        final Bme280Calibration calibration = Bme280Model.typicalCalibration();
        final double tFine = calibration.tFine(519888);
        assertEquals(25.08, Bme280Calibration.temperatureC(tFine), 0.005);
        assertEquals(100653.27, calibration.pressurePa(415148, tFine), 0.01);
    }

    @Test
    void shouldRoundTripTrimmingParametersThroughTheChipLayout()
    {
        final Bme280Calibration original = Bme280Model.typicalCalibration();
        original.digH4 = -300;
        original.digH5 = -7;
        original.digH6 = -12;
        final byte[] tp = new byte[26];
        final byte[] h = new byte[7];
        original.store(tp, 0, h, 0);
        final Bme280Calibration loaded = new Bme280Calibration().load(tp, 0, h, 0);
        assertEquals(original.digT1, loaded.digT1);
        assertEquals(original.digP9, loaded.digP9);
        assertEquals(original.digH1, loaded.digH1);
        assertEquals(original.digH2, loaded.digH2);
        assertEquals(-300, loaded.digH4);
        assertEquals(-7, loaded.digH5);
        assertEquals(-12, loaded.digH6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldDecodeEveryQuantityAcrossItsOperatingRange(final boolean onSpi) throws HardwareException
    {
        final Bme280 chip = chip(onSpi);
        final Sensor temperature = chip.channel("room_t", Quantity.TEMPERATURE);
        final Sensor pressure = chip.channel("room_p", Quantity.PRESSURE);
        final Sensor humidity = chip.channel("room_h", Quantity.HUMIDITY);
        for (temperatureC = -40.0; temperatureC <= 85.0; temperatureC += 0.53)
        {
            clock.advanceNs(CYCLE_NS);
            assertTrue(temperature.read(clock.nanoTime(), reading) >= 0);
            assertEquals(SensorStatus.OK, reading.status);
            // 20-bit temperature: ~0.0003 degC per code with this trimming.
            assertEquals(temperatureC, reading.value, 0.001, "at " + temperatureC);
        }
        temperatureC = 20.0;
        for (pressurePa = 30_000.0; pressurePa <= 110_000.0; pressurePa += 313.0)
        {
            clock.advanceNs(CYCLE_NS);
            assertTrue(pressure.read(clock.nanoTime(), reading) >= 0);
            // 20-bit pressure: ~0.2 Pa per code.
            assertEquals(pressurePa, reading.value, 0.2, "at " + pressurePa);
        }
        for (humidityPct = 0.0; humidityPct <= 100.0; humidityPct += 0.37)
        {
            clock.advanceNs(CYCLE_NS);
            assertTrue(humidity.read(clock.nanoTime(), reading) >= 0);
            // 16-bit humidity: ~0.008 %RH per code.
            assertEquals(humidityPct, reading.value, 0.01, "at " + humidityPct);
        }
    }

    @Test
    void shouldServeThreeQuantitiesFromOneBurstReadPerCycle() throws HardwareException
    {
        final Bme280 chip = chip(false);
        final Sensor[] channels = {
            chip.channel("t", Quantity.TEMPERATURE), chip.channel("p", Quantity.PRESSURE), chip.channel("h", Quantity.HUMIDITY)};
        for (int cycle = 0; cycle < 10; cycle++)
        {
            clock.advanceNs(CYCLE_NS);
            for (final Sensor channel : channels)
            {
                channel.read(clock.nanoTime() + 1_000L * cycle, reading);
                assertEquals(SensorStatus.OK, reading.status);
            }
        }
        assertEquals(10, chip.busReads());
    }

    @Test
    void shouldRefuseTheWrongChipIdNamingDeviceBusAndAddress()
    {
        model = new Bme280Model(now -> 0, now -> 0, now -> 0, Bme280Model.typicalCalibration(), 0x58);
        i2c.attach(0x76, model);
        final HardwareException error = assertThrows(HardwareException.class, () -> new Bme280("room", new I2cRegisterBus(i2c, 0x76)).configure());
        assertEquals("BME280 'room' on i2c-1 at 0x76: chip id 0x58, expected 0x60", error.getMessage());
    }

    @Test
    void shouldRefuseAnEmptySpiChipSelect()
    {
        final HardwareException error = assertThrows(HardwareException.class, () -> new Bme280("duct", new SpiRegisterBus(spi, 0, Bme280Registers.SPI)).configure());
        assertEquals("BME280 'duct' on spi0 CS0: chip id 0xff, expected 0x60", error.getMessage());
    }

    @Test
    void shouldTurnInjectedBusErrorIntoFaultOnEveryChannel() throws HardwareException
    {
        final Bme280 chip = chip(false);
        final Sensor temperature = chip.channel("t", Quantity.TEMPERATURE);
        final Sensor humidity = chip.channel("h", Quantity.HUMIDITY);
        i2c.faults().failNext(0x76, 1, BusResult.NACK);
        assertEquals(BusResult.NACK, temperature.read(100, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.NACK, reading.errorCode);
        assertEquals(BusResult.NACK, humidity.read(100, reading), "same cycle shares the failed transfer");
        assertTrue(humidity.read(100 + CYCLE_NS, reading) >= 0);
    }

    @Test
    void shouldFaultWhenTheChipResetItselfAndRecoverThroughSupervision() throws HardwareException
    {
        final Bme280 chip = chip(true);
        final SupervisedSensor temperature = new SupervisedSensor(chip.channel("t", Quantity.TEMPERATURE), 1, 1_000_000L, 1_000_000L);
        temperature.activate();
        model.powerCycle();
        clock.advanceNs(CYCLE_NS);
        assertEquals(BusResult.BAD_DATA, temperature.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        clock.advanceNs(CYCLE_NS);
        assertTrue(temperature.read(clock.nanoTime(), reading) >= 0);
        assertEquals(21.5, reading.value, 0.001);
        assertEquals(1, temperature.resets());
    }

    @Test
    void shouldNotAllocateInSteadyState() throws HardwareException
    {
        final Bme280 chip = chip(true);
        final Sensor pressure = chip.channel("p", Quantity.PRESSURE);
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () ->
        {
            clock.advanceNs(CYCLE_NS);
            pressure.read(clock.nanoTime(), reading);
        }));
    }
}
