#include "ocpppayloads.h"

#include <ctime>

namespace cb::bench {

std::string_view subprotocol(BenchVersion version)
{
    switch (version) {
    case BenchVersion::V16:
        return "ocpp1.6";
    case BenchVersion::V201:
        return "ocpp2.0.1";
    case BenchVersion::V21:
        return "ocpp2.1";
    }
    return {};
}

std::string_view versionLabel(BenchVersion version)
{
    return subprotocol(version).substr(4);
}

std::string_view actionName(BenchAction action)
{
    switch (action) {
    case BenchAction::BootNotification:
        return "BootNotification";
    case BenchAction::Heartbeat:
        return "Heartbeat";
    case BenchAction::MeterValues:
        return "MeterValues";
    case BenchAction::StatusNotification:
        return "StatusNotification";
    }
    return {};
}

PayloadSet::PayloadSet()
{
    char ts[40];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
    const std::string t = ts;

    auto &v16 = m_payloads[std::size_t(BenchVersion::V16)];
    v16[std::size_t(BenchAction::BootNotification)] =
        R"({"chargePointVendor":"ChargeBench","chargePointModel":"LoadGen","chargePointSerialNumber":"LG-1","firmwareVersion":"1.0.0"})";
    v16[std::size_t(BenchAction::Heartbeat)] = "{}";
    v16[std::size_t(BenchAction::MeterValues)] =
        R"({"connectorId":1,"meterValue":[{"timestamp":")" + t +
        R"(","sampledValue":[{"value":"1500","measurand":"Energy.Active.Import.Register","unit":"Wh"},)"
        R"({"value":"7200","measurand":"Power.Active.Import","unit":"W"},)"
        R"({"value":"16.0","measurand":"Current.Import","phase":"L1","unit":"A"}]}]})";
    v16[std::size_t(BenchAction::StatusNotification)] =
        R"({"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":")" + t + R"("})";

    // 2.0.1 and 2.1 share these shapes.
    for (BenchVersion v : {BenchVersion::V201, BenchVersion::V21}) {
        auto &p = m_payloads[std::size_t(v)];
        p[std::size_t(BenchAction::BootNotification)] =
            R"({"reason":"PowerUp","chargingStation":{"model":"LoadGen","vendorName":"ChargeBench","serialNumber":"LG-1","firmwareVersion":"1.0.0"}})";
        p[std::size_t(BenchAction::Heartbeat)] = "{}";
        p[std::size_t(BenchAction::MeterValues)] =
            R"({"evseId":1,"meterValue":[{"timestamp":")" + t +
            R"(","sampledValue":[{"value":1.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}},)"
            R"({"value":7.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"kW"}},)"
            R"({"value":16,"measurand":"Current.Import","phase":"L1","unitOfMeasure":{"unit":"A"}}]}]})";
        p[std::size_t(BenchAction::StatusNotification)] =
            R"({"timestamp":")" + t + R"(","connectorStatus":"Available","evseId":1,"connectorId":1})";
    }
}

} // namespace cb::bench
