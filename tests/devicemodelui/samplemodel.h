#pragma once

#include "devicemodel/devicemodel.h"

namespace cb::test {

// A small device model with one variable of every data type, limits, a values list, read-only,
// write-only and non-Actual attributes, and components on the station, an EVSE and a connector.
inline dm::DeviceModel sampleModel()
{
    using namespace cb::dm;
    DeviceModel m;
    const auto add = [&m](ComponentRef c, const QString &variable, const QString &type, const QString &value,
                          const QString &mutability = QStringLiteral("ReadWrite")) {
        DeviceModelEntry e;
        e.component = std::move(c);
        e.variable.name = variable;
        VariableAttribute a;
        a.value = value;
        a.mutability = mutability;
        if (mutability == QLatin1String("WriteOnly"))
            a.value.reset();
        e.attributes.append(a);
        VariableCharacteristics ch;
        ch.dataType = type;
        e.characteristics = ch;
        m.upsert(e);
    };
    ComponentRef station{QStringLiteral("OCPPCommCtrlr"), {}, {}, {}};
    ComponentRef evse1{QStringLiteral("EVSE"), {}, 1, {}};
    ComponentRef connector11{QStringLiteral("Connector"), {}, 1, 1};
    ComponentRef tx{QStringLiteral("TxCtrlr"), {}, {}, {}};
    ComponentRef sampled{QStringLiteral("SampledDataCtrlr"), {}, {}, {}};
    ComponentRef security{QStringLiteral("SecurityCtrlr"), {}, {}, {}};
    ComponentRef clock{QStringLiteral("ClockCtrlr"), {}, {}, {}};

    add(station, QStringLiteral("HeartbeatInterval"), QStringLiteral("integer"), QStringLiteral("300"));
    add(station, QStringLiteral("NetworkProfileConnectionAttempts"), QStringLiteral("integer"), QStringLiteral("3"));
    add(evse1, QStringLiteral("Power"), QStringLiteral("decimal"), QStringLiteral("11000.5"), QStringLiteral("ReadOnly"));
    add(evse1, QStringLiteral("AvailabilityState"), QStringLiteral("OptionList"), QStringLiteral("Available"), QStringLiteral("ReadOnly"));
    add(connector11, QStringLiteral("ConnectorType"), QStringLiteral("OptionList"), QStringLiteral("sType2"), QStringLiteral("ReadOnly"));
    add(tx, QStringLiteral("StopTxOnEVSideDisconnect"), QStringLiteral("boolean"), QStringLiteral("true"));
    add(tx, QStringLiteral("TxStartPoint"), QStringLiteral("MemberList"), QStringLiteral("Authorized,EVConnected"));
    add(sampled, QStringLiteral("TxUpdatedMeasurands"), QStringLiteral("SequenceList"), QStringLiteral("Energy.Active.Import.Register"));
    add(security, QStringLiteral("BasicAuthPassword"), QStringLiteral("string"), {}, QStringLiteral("WriteOnly"));
    add(security, QStringLiteral("OrganizationName"), QStringLiteral("string"), QStringLiteral("ChargeBench"));
    add(clock, QStringLiteral("DateTime"), QStringLiteral("dateTime"), QStringLiteral("2026-01-31T12:00:00Z"));
    add(clock, QStringLiteral("TimeOffset"), QStringLiteral("decimal"), QStringLiteral("1.5"));

    DeviceModel out;
    for (DeviceModelEntry e : m.entries()) {
        VariableCharacteristics &c = *e.characteristics;
        const QString name = e.variable.name;
        if (name == QLatin1String("HeartbeatInterval")) {
            c.unit = QStringLiteral("s");
            c.minLimit = 1;
            c.maxLimit = 86400;
            VariableAttribute maxSet;
            maxSet.type = QStringLiteral("MaxSet");
            maxSet.value = QStringLiteral("3600");
            e.attributes.append(maxSet);
        } else if (name == QLatin1String("TimeOffset")) {
            c.minLimit = -12;
            c.maxLimit = 14;
        } else if (name == QLatin1String("AvailabilityState")) {
            c.valuesList = QStringLiteral("Available,Occupied,Reserved,Unavailable,Faulted");
        } else if (name == QLatin1String("ConnectorType")) {
            c.valuesList = QStringLiteral("cType2,sType2,cCCS2");
        } else if (name == QLatin1String("TxStartPoint")) {
            c.valuesList = QStringLiteral("ParkingBayOccupancy,EVConnected,Authorized,PowerPathClosed");
        } else if (name == QLatin1String("TxUpdatedMeasurands")) {
            c.valuesList = QStringLiteral("Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage");
        } else if (name == QLatin1String("OrganizationName")) {
            c.maxLimit = 16;
        }
        out.upsert(e);
    }
    return out;
}

} // namespace cb::test
