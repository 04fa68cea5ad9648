// Unit tests of protocol/devicemodel with crafted inputs: report assembly across pages, 1.6 key
// mapping, write batching within ItemsPerMessage/BytesPerMessage, diff and CSV, profiles.

#include "devicemodel/commissioningprofile.h"
#include "devicemodel/configurationkeymapping.h"
#include "devicemodel/modeldiff.h"
#include "devicemodel/reportassembler.h"
#include "devicemodel/reportrequest.h"
#include "devicemodel/snapshot.h"
#include "devicemodel/writebatcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace cb::dm;

namespace {

QJsonObject entry(const QString &component, const QString &variable, const QString &value, const QString &mutability = QStringLiteral("ReadWrite"))
{
    return QJsonObject{{QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), component}}},
                       {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), variable}}},
                       {QStringLiteral("variableAttribute"),
                        QJsonArray{QJsonObject{{QStringLiteral("value"), value}, {QStringLiteral("mutability"), mutability}}}},
                       {QStringLiteral("variableCharacteristics"), QJsonObject{{QStringLiteral("dataType"), QStringLiteral("integer")},
                                                                               {QStringLiteral("supportsMonitoring"), false}}}};
}

// Page seqNo of a report with `perPage` entries per page over `total` entries "Var<i>".
QJsonObject page(int requestId, int seqNo, int perPage, int total)
{
    QJsonArray data;
    for (int i = seqNo * perPage; i < std::min(total, (seqNo + 1) * perPage); ++i)
        data.append(entry(QStringLiteral("Ctrlr"), QStringLiteral("Var%1").arg(i), QString::number(i)));
    return QJsonObject{{QStringLiteral("requestId"), requestId},
                       {QStringLiteral("generatedAt"), QStringLiteral("2026-11-23T10:00:00.000Z")},
                       {QStringLiteral("tbc"), (seqNo + 1) * perPage < total},
                       {QStringLiteral("seqNo"), seqNo},
                       {QStringLiteral("reportData"), data}};
}

DeviceModel modelOf(std::initializer_list<QJsonObject> entries)
{
    QJsonArray a;
    for (const QJsonObject &e : entries)
        a.append(e);
    return DeviceModel::fromJson(a);
}

} // namespace

class TestDeviceModelCore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void assemblerOrders_data();
    void assemblerOrders();
    void assemblerMissingPage();
    void assemblerIgnoresOtherRequestsAndDuplicates();
    void keyMapping16();
    void batcherItems_data();
    void batcherItems();
    void batcherLimitsFromModel();
    void diffKinds();
    void diffCsvQuoting();
    void snapshotJsonRoundTrip();
    void profileParse();
    void profileErrors_data();
    void profileErrors();
    void profileConditions_data();
    void profileConditions();
    void profileFromModel();
    void statusNames();
    void reportRequestPayloads();
};

void TestDeviceModelCore::assemblerOrders_data()
{
    QTest::addColumn<QList<int>>("order");
    QTest::newRow("in order") << QList<int>{0, 1, 2, 3};
    QTest::newRow("reversed") << QList<int>{3, 2, 1, 0};
    QTest::newRow("last in the middle") << QList<int>{1, 3, 0, 2};
    QTest::newRow("duplicates") << QList<int>{0, 0, 1, 2, 1, 3, 3};
}

void TestDeviceModelCore::assemblerOrders()
{
    QFETCH(QList<int>, order);
    ReportAssembler a(7);
    QSet<int> seen;
    for (int i = 0; i < order.size(); ++i) {
        QCOMPARE(a.isComplete(), seen.size() == 4);
        seen.insert(order.at(i));
        const auto outcome = a.addPage(page(7, order.at(i), 3, 11));
        QCOMPARE(outcome, order.indexOf(order.at(i)) < i ? ReportAssembler::PageOutcome::Duplicate : ReportAssembler::PageOutcome::Added);
    }
    QVERIFY(a.isComplete());
    QVERIFY(a.missingPages().isEmpty());
    QCOMPARE(a.pagesReceived(), 4);
    QCOMPARE(a.entriesReceived(), 11);
    const DeviceModel m = a.model();
    QCOMPARE(m.size(), 11);
    // seqNo order whatever the arrival order
    for (int i = 0; i < 11; ++i)
        QCOMPARE(m.at(i).variable.name, QStringLiteral("Var%1").arg(i));
}

void TestDeviceModelCore::assemblerMissingPage()
{
    ReportAssembler a(1);
    a.addPage(page(1, 0, 2, 10));
    a.addPage(page(1, 2, 2, 10));
    QCOMPARE(a.missingPages(), QList<int>{1});
    QVERIFY(!a.lastPageSeen());
    a.addPage(page(1, 4, 2, 10)); // the last page
    QVERIFY(a.lastPageSeen());
    QVERIFY(!a.isComplete());
    QCOMPARE(a.missingPages(), (QList<int>{1, 3}));
    QCOMPARE(a.model().size(), 6);
    a.addPage(page(1, 3, 2, 10));
    a.addPage(page(1, 1, 2, 10));
    QVERIFY(a.isComplete());
}

void TestDeviceModelCore::assemblerIgnoresOtherRequestsAndDuplicates()
{
    ReportAssembler a(5);
    QCOMPARE(a.addPage(page(6, 0, 2, 2)), ReportAssembler::PageOutcome::WrongRequest);
    QCOMPARE(a.pagesReceived(), 0);
    QCOMPARE(a.addPage(page(5, 0, 2, 4)), ReportAssembler::PageOutcome::Added);
    QJsonObject last = page(5, 1, 2, 4);
    QCOMPARE(a.addPage(last), ReportAssembler::PageOutcome::Added);
    QVERIFY(a.isComplete());
    // A page numbered after the one marked last is not taken.
    QJsonObject beyond = page(5, 2, 2, 6);
    QCOMPARE(a.addPage(beyond), ReportAssembler::PageOutcome::AfterLast);
    QCOMPARE(a.model().size(), 4);
}

void TestDeviceModelCore::keyMapping16()
{
    const QJsonObject conf{
        {QStringLiteral("configurationKey"),
         QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("HeartbeatInterval")}, {QStringLiteral("readonly"), false},
                                {QStringLiteral("value"), QStringLiteral("300")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("NumberOfConnectors")}, {QStringLiteral("readonly"), true},
                                {QStringLiteral("value"), QStringLiteral("2")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("LocalAuthListEnabled")}, {QStringLiteral("readonly"), false},
                                {QStringLiteral("value"), QStringLiteral("true")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("AuthorizationKey")}, {QStringLiteral("readonly"), false}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("AcmeFanSpeed")}, {QStringLiteral("readonly"), false},
                                {QStringLiteral("value"), QStringLiteral("fast")}}}},
        {QStringLiteral("unknownKey"), QJsonArray{QStringLiteral("NoSuchKey")}}};
    const auto m = ConfigurationKeyMapping::fromGetConfiguration(conf);
    QCOMPARE(m.unknownKeys, QStringList{QStringLiteral("NoSuchKey")});
    QCOMPARE(m.model.size(), 5);
    const auto *hb = m.model.find(ComponentRef{QStringLiteral("Core"), {}, {}, {}}, VariableRef{QStringLiteral("heartbeatinterval"), {}});
    QVERIFY(hb); // case-insensitive lookup
    QCOMPARE(hb->attribute(QStringLiteral("Actual"))->mutability, QStringLiteral("ReadWrite"));
    QCOMPARE(*hb->attribute(QStringLiteral("Actual"))->value, QStringLiteral("300"));
    QCOMPARE(hb->characteristics->dataType, QStringLiteral("integer"));
    const auto *n = m.model.find(ComponentRef{QStringLiteral("Core"), {}, {}, {}}, VariableRef{QStringLiteral("NumberOfConnectors"), {}});
    QVERIFY(n);
    QCOMPARE(n->attribute(QStringLiteral("Actual"))->mutability, QStringLiteral("ReadOnly"));
    QVERIFY(!n->writable());
    QVERIFY(m.model.find(ComponentRef{QStringLiteral("LocalAuthListManagement"), {}, {}, {}}, VariableRef{QStringLiteral("LocalAuthListEnabled"), {}}));
    const auto *key = m.model.find(ComponentRef{QStringLiteral("Security"), {}, {}, {}}, VariableRef{QStringLiteral("AuthorizationKey"), {}});
    QVERIFY(key);
    QVERIFY(!key->attribute(QStringLiteral("Actual"))->value.has_value()); // not told: stays absent
    const auto *vendor = m.model.find(ComponentRef{QStringLiteral("Vendor"), {}, {}, {}}, VariableRef{QStringLiteral("AcmeFanSpeed"), {}});
    QVERIFY(vendor);
    QCOMPARE(vendor->characteristics->dataType, QStringLiteral("string"));
    QCOMPARE(ConfigurationKeyMapping::dataTypeFor(QStringLiteral("MeterValuesSampledData")), QStringLiteral("string"));
    QCOMPARE(ConfigurationKeyMapping::componentFor(QStringLiteral("ChargeProfileMaxStackLevel")), QStringLiteral("SmartCharging"));
}

void TestDeviceModelCore::batcherItems_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("bytes");
    QTest::newRow("no limits") << 120 << 0 << 0;
    QTest::newRow("items 50") << 120 << 50 << 0;
    QTest::newRow("items 1") << 5 << 1 << 0;
    QTest::newRow("bytes 1000") << 120 << 0 << 1000;
    QTest::newRow("both") << 300 << 20 << 1500;
}

void TestDeviceModelCore::batcherItems()
{
    QFETCH(int, count);
    QFETCH(int, items);
    QFETCH(int, bytes);
    QList<WriteItem> writes;
    for (int i = 0; i < count; ++i)
        writes.append(WriteItem{ComponentRef{QStringLiteral("OCPPCommCtrlr"), {}, i % 3 ? std::optional<int>(i % 3) : std::nullopt, {}},
                                VariableRef{QStringLiteral("Var"), QString::number(i)}, i % 5 ? QStringLiteral("Actual") : QStringLiteral("Target"),
                                QString(i % 40, QLatin1Char('x'))});
    WriteBatcher::Limits limits;
    if (items)
        limits.itemsPerMessage = items;
    if (bytes)
        limits.bytesPerMessage = bytes;
    const QList<QJsonObject> batches = WriteBatcher::setVariables(writes, limits);
    int seen = 0;
    for (const QJsonObject &b : batches) {
        const QJsonArray data = b.value(QLatin1String("setVariableData")).toArray();
        QVERIFY(!data.isEmpty());
        if (items)
            QVERIFY(data.size() <= items);
        if (bytes) {
            // The whole CALL frame with a 36-character message id.
            const QByteArray frame = "[2,\"" + QByteArray(36, 'a') + "\",\"SetVariables\"," + QJsonDocument(b).toJson(QJsonDocument::Compact) + "]";
            QVERIFY2(frame.size() <= bytes, qPrintable(QString::number(frame.size())));
        }
        for (const QJsonValue &v : data) {
            // Order kept, attributeType only when not Actual.
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(QLatin1String("variable")).toObject().value(QLatin1String("instance")).toString(), QString::number(seen));
            QCOMPARE(o.contains(QLatin1String("attributeType")), seen % 5 == 0);
            ++seen;
        }
    }
    QCOMPARE(seen, count);
    if (!items && !bytes)
        QCOMPARE(batches.size(), 1);
    if (items && !bytes)
        QCOMPARE(batches.size(), (count + items - 1) / items);
}

void TestDeviceModelCore::batcherLimitsFromModel()
{
    QJsonArray report;
    auto limit = [&](const QString &variable, const QString &instance, const QString &value) {
        QJsonObject e = entry(QStringLiteral("DeviceDataCtrlr"), variable, value, QStringLiteral("ReadOnly"));
        e.insert(QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), variable}, {QStringLiteral("instance"), instance}});
        report.append(e);
    };
    limit(QStringLiteral("ItemsPerMessage"), QStringLiteral("SetVariables"), QStringLiteral("4"));
    limit(QStringLiteral("BytesPerMessage"), QStringLiteral("SetVariables"), QStringLiteral("900"));
    limit(QStringLiteral("ItemsPerMessage"), QStringLiteral("GetVariables"), QStringLiteral("0")); // nonsense: ignored
    const DeviceModel m = DeviceModel::fromJson(report);
    const auto set = WriteBatcher::limitsFrom(m, QStringLiteral("SetVariables"));
    QCOMPARE(set.itemsPerMessage, std::optional<int>(4));
    QCOMPARE(set.bytesPerMessage, std::optional<int>(900));
    const auto get = WriteBatcher::limitsFrom(m, QStringLiteral("GetVariables"));
    QVERIFY(!get.itemsPerMessage);
    QVERIFY(!get.bytesPerMessage);
    // A single item larger than the byte limit still goes, alone.
    QList<WriteItem> big{WriteItem{ComponentRef{QStringLiteral("C"), {}, {}, {}}, VariableRef{QStringLiteral("V"), {}}, QStringLiteral("Actual"), QString(2000, QLatin1Char('y'))},
                         WriteItem{ComponentRef{QStringLiteral("C"), {}, {}, {}}, VariableRef{QStringLiteral("W"), {}}, QStringLiteral("Actual"), QStringLiteral("1")}};
    QCOMPARE(WriteBatcher::setVariables(big, set).size(), 2);
}

void TestDeviceModelCore::diffKinds()
{
    QJsonObject twoAttributes = entry(QStringLiteral("EVSE"), QStringLiteral("Power"), QStringLiteral("11000"));
    twoAttributes.insert(QStringLiteral("variableAttribute"),
                         QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("11000")}},
                                    QJsonObject{{QStringLiteral("type"), QStringLiteral("MaxSet")}, {QStringLiteral("value"), QStringLiteral("22000")}}});
    const DeviceModel before = modelOf({entry(QStringLiteral("A"), QStringLiteral("Same"), QStringLiteral("1")),
                                        entry(QStringLiteral("A"), QStringLiteral("Changed"), QStringLiteral("old")),
                                        entry(QStringLiteral("A"), QStringLiteral("Gone"), QStringLiteral("x")),
                                        entry(QStringLiteral("A"), QStringLiteral("Locked"), QStringLiteral("5")),
                                        twoAttributes});
    const DeviceModel after = modelOf({entry(QStringLiteral("a"), QStringLiteral("same"), QStringLiteral("1")), // case differs only
                                       entry(QStringLiteral("A"), QStringLiteral("Changed"), QStringLiteral("new")),
                                       entry(QStringLiteral("A"), QStringLiteral("New"), QStringLiteral("n")),
                                       entry(QStringLiteral("A"), QStringLiteral("Locked"), QStringLiteral("5"), QStringLiteral("ReadOnly")),
                                       entry(QStringLiteral("EVSE"), QStringLiteral("Power"), QStringLiteral("11000"))});
    const ModelDiff d = ModelDiff::compute(before, after);
    QCOMPARE(d.entries().size(), 5);
    QCOMPARE(d.count(DiffEntry::Kind::Changed), 2);
    QCOMPARE(d.count(DiffEntry::Kind::Added), 1);
    QCOMPARE(d.count(DiffEntry::Kind::Removed), 2);
    const DiffEntry &changed = d.entries().at(0);
    QCOMPARE(changed.kind, DiffEntry::Kind::Changed);
    QCOMPARE(changed.variable.name, QStringLiteral("Changed"));
    QCOMPARE(changed.oldValue, std::optional<QString>(QStringLiteral("old")));
    QCOMPARE(changed.newValue, std::optional<QString>(QStringLiteral("new")));
    QCOMPARE(d.entries().at(1).kind, DiffEntry::Kind::Added);
    QVERIFY(!d.entries().at(1).oldValue);
    QCOMPARE(d.entries().at(2).variable.name, QStringLiteral("Locked")); // mutability change
    QCOMPARE(d.entries().at(2).newMutability, QStringLiteral("ReadOnly"));
    QCOMPARE(d.entries().at(3).attributeType, QStringLiteral("MaxSet")); // attribute vanished
    QCOMPARE(d.entries().at(3).kind, DiffEntry::Kind::Removed);
    QCOMPARE(d.entries().at(4).variable.name, QStringLiteral("Gone"));
    QCOMPARE(*d.entries().at(4).oldValue, QStringLiteral("x"));
    QVERIFY(ModelDiff::compute(after, after).isEmpty());
    // The reverse diff mirrors it.
    const ModelDiff back = ModelDiff::compute(after, before);
    QCOMPARE(back.count(DiffEntry::Kind::Added), 2);
    QCOMPARE(back.count(DiffEntry::Kind::Removed), 1);
    QCOMPARE(d.toJson().size(), 5);
    QCOMPARE(d.toJson().at(0).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("changed"));
}

void TestDeviceModelCore::diffCsvQuoting()
{
    const DeviceModel before = modelOf({entry(QStringLiteral("A"), QStringLiteral("List"), QStringLiteral("a,b"))});
    const DeviceModel after = modelOf({entry(QStringLiteral("A"), QStringLiteral("List"), QStringLiteral("say \"hi\""))});
    const QByteArray csv = ModelDiff::compute(before, after).toCsv();
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.size(), 3); // header, one row, empty after the last CRLF
    QVERIFY(lines.at(0).startsWith("kind,component,evse,connector"));
    QCOMPARE(lines.at(1), QByteArray("changed,A,,,,List,,Actual,\"a,b\",\"say \"\"hi\"\"\"\r"));
    const QByteArray model = modelToCsv(after);
    QVERIFY(model.contains("A,,,,List,,Actual,\"say \"\"hi\"\"\",ReadWrite,integer"));
}

void TestDeviceModelCore::snapshotJsonRoundTrip()
{
    Snapshot s;
    s.info.id = 4;
    s.info.stationId = QStringLiteral("CP-1");
    s.info.takenAt = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
    s.info.source = QStringLiteral("GetConfiguration");
    s.info.unknownKeys = {QStringLiteral("X")};
    s.info.complete = false;
    s.info.problem = QStringLiteral("pages 1 missing");
    s.model = modelOf({entry(QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("1"))});
    const Snapshot back = Snapshot::fromJson(QJsonDocument::fromJson(QJsonDocument(s.toJson()).toJson()).object());
    QCOMPARE(back.model, s.model);
    QCOMPARE(back.info.stationId, s.info.stationId);
    QCOMPARE(back.info.takenAt, s.info.takenAt);
    QCOMPARE(back.info.unknownKeys, s.info.unknownKeys);
    QCOMPARE(back.info.complete, false);
    QCOMPARE(back.info.problem, s.info.problem);
    QCOMPARE(back.info.entryCount, 1);
}

void TestDeviceModelCore::profileParse()
{
    const QByteArray json = R"({
        "format": "chargebench-profile", "formatVersion": 1, "name": "Site A",
        "appliesTo": [{"vendor": "ChargeBench", "model": "Virtual*", "firmwareVersion": ">=1.4"}],
        "values": [
            {"component": "OCPPCommCtrlr", "variable": "HeartbeatInterval", "value": 120},
            {"component": {"name": "EVSE", "evse": {"id": 1}}, "variable": {"name": "Power", "instance": "x"}, "attributeType": "MaxSet", "value": "7400"},
            {"key": "LocalAuthListEnabled", "value": true}
        ]})";
    const auto p = CommissioningProfile::fromJson(json);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().text()));
    QCOMPARE(p.value().name, QStringLiteral("Site A"));
    QCOMPARE(p.value().values.size(), 3);
    QCOMPARE(p.value().values.at(0).value, QStringLiteral("120"));
    QCOMPARE(p.value().values.at(1).component.evseId, std::optional<int>(1));
    QCOMPARE(p.value().values.at(1).attributeType, QStringLiteral("MaxSet"));
    QCOMPARE(p.value().values.at(2).variable.name, QStringLiteral("LocalAuthListEnabled"));
    QCOMPARE(p.value().values.at(2).value, QStringLiteral("true"));
    QVERIFY(p.value().resetOnRebootRequired);
    // Round trip through toJson.
    const auto again = CommissioningProfile::fromJson(QJsonDocument(p.value().toJson()).toJson());
    QVERIFY(again.ok());
    QCOMPARE(again.value().values, p.value().values);
    QCOMPARE(again.value().appliesTo.size(), 1);
}

void TestDeviceModelCore::profileErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("needle");
    QTest::newRow("not json") << QByteArray("{values") << QStringLiteral("not a JSON object");
    QTest::newRow("other format") << QByteArray(R"({"format":"x","values":[]})") << QStringLiteral("not a ChargeBench");
    QTest::newRow("newer version") << QByteArray(R"({"formatVersion":2,"values":[]})") << QStringLiteral("version 2");
    QTest::newRow("no values") << QByteArray(R"({"name":"x"})") << QStringLiteral("no \"values\"");
    QTest::newRow("value without variable") << QByteArray(R"({"values":[{"value":"1"}]})") << QStringLiteral("Value 1");
    QTest::newRow("variable without value") << QByteArray(R"({"values":[{"key":"A","value":"1"},{"key":"B"}]})") << QStringLiteral("Value 2");
}

void TestDeviceModelCore::profileErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, needle);
    const auto p = CommissioningProfile::fromJson(json);
    QVERIFY(!p.ok());
    QVERIFY2(p.error().message.contains(needle), qPrintable(p.error().message));
    QVERIFY(!p.error().hint.isEmpty());
}

void TestDeviceModelCore::profileConditions_data()
{
    QTest::addColumn<QString>("vendor");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("firmware");
    QTest::addColumn<QString>("station"); // vendor|model|firmware
    QTest::addColumn<bool>("matches");
    QTest::newRow("any") << "" << "" << "" << "A|B|1" << true;
    QTest::newRow("vendor case") << "chargebench" << "" << "" << "ChargeBench|X|1" << true;
    QTest::newRow("vendor other") << "Acme" << "" << "" << "ChargeBench|X|1" << false;
    QTest::newRow("model wildcard") << "" << "Virtual*" << "" << "C|VirtualCharger|1" << true;
    QTest::newRow("wildcard anchored") << "" << "Virtual*" << "" << "C|MyVirtualCharger|1" << false;
    QTest::newRow("fw >=") << "" << "" << ">=1.4.2" << "C|M|1.4.10" << true;
    QTest::newRow("fw >= below") << "" << "" << ">=1.4.2" << "C|M|1.4.1" << false;
    QTest::newRow("fw <") << "" << "" << "<2" << "C|M|1.9.9" << true;
    QTest::newRow("fw ==") << "" << "" << "==1.4" << "C|M|1.4.0" << true;
    QTest::newRow("fw !=") << "" << "" << "!=1.4.2" << "C|M|1.4.2" << false;
    QTest::newRow("fw pattern") << "" << "" << "1.4.*" << "C|M|1.4.7" << true;
}

void TestDeviceModelCore::profileConditions()
{
    QFETCH(QString, vendor);
    QFETCH(QString, model);
    QFETCH(QString, firmware);
    QFETCH(QString, station);
    QFETCH(bool, matches);
    const QStringList s = station.split(QLatin1Char('|'));
    CommissioningProfile p;
    p.appliesTo.append(CommissioningProfile::Condition{vendor, model, firmware});
    QCOMPARE(p.appliesToStation(s.at(0), s.at(1), s.at(2)), matches);
    // Any one of several conditions is enough.
    p.appliesTo.prepend(CommissioningProfile::Condition{QStringLiteral("Nobody"), {}, {}});
    QCOMPARE(p.appliesToStation(s.at(0), s.at(1), s.at(2)), matches);
}

void TestDeviceModelCore::profileFromModel()
{
    QJsonObject writeOnly = entry(QStringLiteral("Sec"), QStringLiteral("Password"), QString());
    writeOnly.insert(QStringLiteral("variableAttribute"), QJsonArray{QJsonObject{{QStringLiteral("mutability"), QStringLiteral("WriteOnly")}}});
    const DeviceModel m = modelOf({entry(QStringLiteral("A"), QStringLiteral("Rw"), QStringLiteral("1")),
                                   entry(QStringLiteral("A"), QStringLiteral("Ro"), QStringLiteral("2"), QStringLiteral("ReadOnly")), writeOnly});
    const CommissioningProfile p = CommissioningProfile::fromModel(m, QStringLiteral("from snapshot"));
    QCOMPARE(p.values.size(), 1);
    QCOMPARE(p.values.at(0).variable.name, QStringLiteral("Rw"));
    QCOMPARE(p.values.at(0).value, QStringLiteral("1"));
}

void TestDeviceModelCore::statusNames()
{
    for (const char *n : {"Accepted", "Rejected", "RebootRequired", "UnknownComponent", "UnknownVariable", "NotSupportedAttributeType", "NotSupported"})
        QCOMPARE(writeStatusName(writeStatusFromName(QLatin1String(n))), QLatin1String(n));
    QCOMPARE(writeStatusFromName(QStringLiteral("Bogus")), WriteStatus::Failed);
    WriteResult r{WriteItem{}, WriteStatus::Accepted, {}, VerifyState::Confirmed, QStringLiteral("1")};
    QVERIFY(r.verified());
    QCOMPARE(r.toJson().value(QLatin1String("verify")).toString(), QStringLiteral("Confirmed"));
    ProfileReport rep;
    rep.results = {r, WriteResult{WriteItem{}, WriteStatus::Rejected, {}, VerifyState::NotChecked, {}}};
    QCOMPARE(rep.verifiedCount(), 1);
    QVERIFY(!rep.allVerified());
    rep.results.removeLast();
    QVERIFY(rep.allVerified());
}

void TestDeviceModelCore::reportRequestPayloads()
{
    // Each request becomes the provisioning block's operation; the frames it sends are checked
    // against the virtual station in tst_devicemodelservice.
    const ReportRequest::Operation full = ReportRequest::fullInventory().operation(3);
    QCOMPARE(full.name, QStringLiteral("get-report"));
    QCOMPARE(full.args, (QJsonObject{{QStringLiteral("request-id"), 3}, {QStringLiteral("base"), QStringLiteral("full")}}));
    ReportRequest summary;
    summary.reportBase = QStringLiteral("SummaryInventory");
    QCOMPARE(summary.operation(1).args.value(QLatin1String("base")).toString(), QStringLiteral("summary"));
    ReportRequest r;
    r.kind = ReportRequest::Kind::Report;
    r.componentCriteria = {QStringLiteral("Problem"), QStringLiteral("Active")};
    r.componentVariables = {ComponentVariable{ComponentRef{QStringLiteral("EVSE"), {}, 1, {}}, VariableRef{QStringLiteral("Power"), {}}},
                            ComponentVariable{ComponentRef{QStringLiteral("Connector"), {}, {}, {}}, std::nullopt}};
    const ReportRequest::Operation op = r.operation(9);
    QCOMPARE(r.action(), QStringLiteral("GetReport"));
    QCOMPARE(op.name, QStringLiteral("get-report"));
    QCOMPARE(op.args.value(QLatin1String("criteria")).toString(), QStringLiteral("problem,active"));
    QCOMPARE(op.args.value(QLatin1String("components")).toArray().size(), 2);
    QVERIFY(!op.args.value(QLatin1String("components")).toArray().at(1).toObject().contains(QLatin1String("variable")));
    QCOMPARE(ReportRequest::configuration16().operation(0).name, QStringLiteral("get-report"));
    QCOMPARE(ReportRequest::configuration16().operation(0).args, QJsonObject{});
    const ReportRequest::Operation keys = ReportRequest::configuration16({QStringLiteral("A")}).operation(0);
    QCOMPARE(keys.name, QStringLiteral("get-variables"));
    QCOMPARE(keys.args.value(QLatin1String("variables")).toArray(), QJsonArray{QStringLiteral("A")});
}

QTEST_GUILESS_MAIN(TestDeviceModelCore)
#include "tst_devicemodelcore.moc"
