// DeviceModelService against virtual stations (app/simulator) on the real server over loopback,
// with snapshots in a real SQLite file: reports with paging faults and 10,000 variables, writes
// of every data type with their per-item results and re-read verification, RebootRequired with
// Reset, the 1.6 key mapping, diff of snapshots, and commissioning profiles. Every frame the
// server exchanged must be valid against the official schemas.

#include "devicemodel/devicemodelmanager.h"
#include "devicemodel/devicemodelservice.h"
#include "simulator/virtualstation.h"
#include "capture/capturerecord.h"
#include "workspace/workspace.h"
#include "workspacestation.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;
using namespace cb::dm;

namespace {

ComponentRef component(const QString &name, std::optional<int> evse = std::nullopt)
{
    return ComponentRef{name, {}, evse, {}};
}

WriteItem item(const QString &componentName, const QString &variable, const QString &value, const QString &instance = {})
{
    return WriteItem{component(componentName), VariableRef{variable, instance}, QStringLiteral("Actual"), value};
}

QString actual(const DeviceModel &m, const QString &componentName, const QString &variable, const QString &instance = {})
{
    const DeviceModelEntry *e = m.find(component(componentName), VariableRef{variable, instance});
    const VariableAttribute *a = e ? e->attribute(QStringLiteral("Actual")) : nullptr;
    return a && a->value ? *a->value : QStringLiteral("<none>");
}

} // namespace

class TestDeviceModelService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void fullReport();
    void pagingFaults_data();
    void pagingFaults();
    void missingPage();
    void tenThousandVariables();
    void getReportFilters();
    void editsOfEveryDataType();
    void rebootRequiredThenReset();
    void keys16();
    void diffOfSnapshots();
    void profileAppliedAndVerified();
    void profileFailingVerification();
    void fetchAfterBoot();
    void apiEndpoints();

private:
    sim::VirtualStation *startStation(const QString &id, OcppVersion v, std::function<void(sim::VirtualStationConfig &)> tweak = {});
    DeviceModelService *service(const QString &id) { return m_manager->service(id); }
    // Runs fetch() and waits for its final signal; the completed snapshot or nothing.
    std::optional<SnapshotInfo> fetch(DeviceModelService *s, const ReportRequest &r, QString *failure = nullptr, int timeoutMs = 30000);
    QList<WriteResult> writeAndWait(DeviceModelService *s, const QList<WriteItem> &items);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    DeviceModelManager *m_manager = nullptr; // the workspace's
    std::vector<std::unique_ptr<sim::VirtualStation>> m_stations;
    QStringList m_problems; // captured frames with a schema violation or other problem
};

void TestDeviceModelService::initTestCase()
{
    const WorkspaceConfig cfg = test::loopbackWorkspaceConfig(m_dir.filePath(QStringLiteral("devicemodel.sqlite")), true);
    m_ws = std::make_unique<Workspace>();
    m_manager = &m_ws->deviceModels();
    m_manager->setFetchAfterBoot(false);
    connect(m_manager, &DeviceModelManager::serviceAdded, this, [this](DeviceModelService *s) {
        connect(s, &DeviceModelService::problem, this, [this](const QString &m) { m_problems << m; });
    });
    const auto started = m_ws->start(cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));
    connect(m_ws.get(), &Workspace::framesArrived, this, [this](const QList<CaptureRecord> &records) {
        for (const CaptureRecord &r : records)
            if (!r.problem.isEmpty())
                m_problems << r.action + QLatin1String(": ") + r.problem;
    });
}

void TestDeviceModelService::cleanupTestCase()
{
    m_stations.clear();
    m_manager = nullptr;
    m_ws.reset();
}

void TestDeviceModelService::cleanup()
{
    // Frames still in the live feed's 100 ms batch are checked too.
    QSignalSpy batch(m_ws.get(), &Workspace::framesArrived);
    batch.wait(300);
    const QStringList problems = std::exchange(m_problems, {});
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(m_ws->liveFramesDropped(), 0);
    for (const auto &s : m_stations)
        QVERIFY2(s->internalErrors().isEmpty(), qPrintable(s->internalErrors().join(QLatin1Char('\n'))));
}

sim::VirtualStation *TestDeviceModelService::startStation(const QString &id, OcppVersion v, std::function<void(sim::VirtualStationConfig &)> tweak)
{
    sim::VirtualStationConfig c = test::quickStationConfig(QUrl(m_ws->urls().first()), id, v);
    c.meterIntervalS = 3600;
    c.reportItemsPerMessage = 7;
    if (tweak)
        tweak(c);
    m_stations.push_back(std::make_unique<sim::VirtualStation>(c));
    sim::VirtualStation *s = m_stations.back().get();
    s->start();
    const bool up = QTest::qWaitFor([&] {
        const auto live = m_ws->liveStation(id);
        return s->state() == sim::VirtualStation::State::Accepted && live && live->connected && live->boot.receivedAt.isValid();
    }, 20000);
    return up ? s : nullptr;
}

std::optional<SnapshotInfo> TestDeviceModelService::fetch(DeviceModelService *s, const ReportRequest &r, QString *failure, int timeoutMs)
{
    QSignalSpy done(s, &DeviceModelService::reportCompleted);
    QSignalSpy failed(s, &DeviceModelService::reportFailed);
    const int op = s->fetch(r);
    if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, timeoutMs))
        return std::nullopt;
    if (!failed.isEmpty()) {
        if (failure)
            *failure = failed.first().at(1).toString();
        return std::nullopt;
    }
    if (done.first().at(0).toInt() != op)
        return std::nullopt;
    return done.first().at(1).value<SnapshotInfo>();
}

QList<WriteResult> TestDeviceModelService::writeAndWait(DeviceModelService *s, const QList<WriteItem> &items)
{
    QSignalSpy finished(s, &DeviceModelService::writeFinished);
    const int op = s->write(items);
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 30000) || finished.first().at(0).toInt() != op)
        return {};
    return finished.first().at(1).value<QList<WriteResult>>();
}

void TestDeviceModelService::fullReport()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-FULL"), OcppVersion::V201);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-FULL"));
    QSignalSpy progress(s, &DeviceModelService::reportProgress);
    QSignalSpy changed(s, &DeviceModelService::modelChanged);
    const auto info = fetch(s, ReportRequest::fullInventory());
    QVERIFY(info);
    const int expected = st->deviceModel()->variableCount();
    QCOMPARE(s->model().size(), expected);
    QCOMPARE(info->entryCount, expected);
    QVERIFY(info->complete);
    QVERIFY(info->id > 0);
    QCOMPARE(info->source, QStringLiteral("FullInventory"));
    QCOMPARE(progress.size(), (expected + 6) / 7); // one per page of 7
    QVERIFY(!changed.isEmpty());
    QCOMPARE(s->modelInfo().id, info->id);
    // Stored in SQLite and read back equal.
    const auto stored = s->loadSnapshot(info->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().model, s->model());
    QCOMPARE(stored.value().info.stationId, QStringLiteral("DM-FULL"));
    const auto list = s->snapshots();
    QVERIFY(list.ok());
    QCOMPARE(list.value().first().id, info->id);
    // A characteristic of the station's model arrives intact.
    const DeviceModelEntry *policy = s->model().find(component(QStringLiteral("AuthCacheCtrlr")), VariableRef{QStringLiteral("Policy"), {}});
    QVERIFY(policy);
    QCOMPARE(policy->characteristics->dataType, QStringLiteral("OptionList"));
    QCOMPARE(policy->characteristics->values(), (QStringList{QStringLiteral("LRU"), QStringLiteral("LFU"), QStringLiteral("FIFO"), QStringLiteral("CUSTOM")}));
}

void TestDeviceModelService::pagingFaults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::newRow("reverse") << QStringLiteral("reverse");
    QTest::newRow("duplicate") << QStringLiteral("duplicate");
}

void TestDeviceModelService::pagingFaults()
{
    QFETCH(QString, fault);
    const QString id = QStringLiteral("DM-PAGE-") + fault.toUpper();
    sim::VirtualStation *st = startStation(id, OcppVersion::V21, [&](sim::VirtualStationConfig &c) { c.reportPagingFault = fault; });
    QVERIFY(st);
    DeviceModelService *s = service(id);
    const auto info = fetch(s, ReportRequest::fullInventory());
    QVERIFY(info);
    QVERIFY(info->complete);
    QCOMPARE(s->model().size(), st->deviceModel()->variableCount());
    // Same order as the station's own (pages merged by seqNo).
    const QList<QJsonObject> own = st->deviceModel()->baseReport(QStringLiteral("FullInventory"));
    for (qsizetype i = 0; i < own.size(); ++i)
        QCOMPARE(s->model().at(i).key(), DeviceModelEntry::fromJson(own.at(i)).key());
}

void TestDeviceModelService::missingPage()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-MISSING"), OcppVersion::V201,
                                           [](sim::VirtualStationConfig &c) { c.reportPagingFault = QStringLiteral("drop:2"); });
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-MISSING"));
    s->setPageTimeout(std::chrono::milliseconds(1500));
    QSignalSpy failed(s, &DeviceModelService::reportFailed);
    QString why;
    QVERIFY(!fetch(s, ReportRequest::fullInventory(), &why));
    QVERIFY2(why.contains(QStringLiteral("Pages 2 ")), qPrintable(why));
    const SnapshotInfo partial = failed.first().at(2).value<SnapshotInfo>();
    QVERIFY(!partial.complete);
    QVERIFY(partial.id > 0);
    QCOMPARE(partial.entryCount, st->deviceModel()->variableCount() - 7);
    QVERIFY(s->model().isEmpty()); // an incomplete report is not the current picture
    const auto stored = s->loadSnapshot(partial.id);
    QVERIFY(stored.ok());
    QVERIFY(!stored.value().info.complete);
    QVERIFY(stored.value().info.problem.contains(QStringLiteral("Pages 2")));
}

void TestDeviceModelService::tenThousandVariables()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-10K"), OcppVersion::V201, [](sim::VirtualStationConfig &c) {
        c.extraVariables = 10000;
        c.reportItemsPerMessage = 100;
    });
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-10K"));
    QElapsedTimer t;
    t.start();
    const auto info = fetch(s, ReportRequest::fullInventory(), nullptr, 120000);
    QVERIFY(info);
    const qint64 ms = t.elapsed();
    QVERIFY(s->model().size() >= 10000);
    QCOMPARE(s->model().size(), st->deviceModel()->variableCount());
    t.restart();
    const auto stored = s->loadSnapshot(info->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().model.size(), s->model().size());
    qInfo("10,000+ variables: report of %lld entries in %lld ms, snapshot read back in %lld ms", qint64(s->model().size()), ms,
          qint64(t.elapsed()));
    // Writes spanning several SetVariables messages (ItemsPerMessage[SetVariables] = 50).
    QList<WriteItem> items;
    for (int i = 1; i < 480; i += 4) // the integer ones
        items.append(item(QStringLiteral("BenchCtrlr"), QStringLiteral("Value"), QString::number(i * 2), QString::number(i)));
    const QList<WriteResult> results = writeAndWait(s, items);
    QCOMPARE(results.size(), items.size());
    for (const WriteResult &r : results)
        QVERIFY2(r.verified(), qPrintable(r.item.variable.instance));
    QCOMPARE(actual(s->model(), QStringLiteral("BenchCtrlr"), QStringLiteral("Value"), QStringLiteral("5")), QStringLiteral("10"));
}

void TestDeviceModelService::getReportFilters()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-FILTER"), OcppVersion::V201);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-FILTER"));
    ReportRequest r;
    r.kind = ReportRequest::Kind::Report;
    r.componentVariables = {ComponentVariable{component(QStringLiteral("OCPPCommCtrlr")), VariableRef{QStringLiteral("HeartbeatInterval"), {}}},
                            ComponentVariable{component(QStringLiteral("AuthCacheCtrlr")), std::nullopt}};
    const auto info = fetch(s, r);
    QVERIFY(info);
    QCOMPARE(info->source, QStringLiteral("GetReport"));
    QVERIFY(s->model().find(component(QStringLiteral("OCPPCommCtrlr")), VariableRef{QStringLiteral("HeartbeatInterval"), {}}));
    QVERIFY(s->model().find(component(QStringLiteral("AuthCacheCtrlr")), VariableRef{QStringLiteral("Policy"), {}}));
    QVERIFY(!s->model().find(component(QStringLiteral("OCPPCommCtrlr")), VariableRef{QStringLiteral("OfflineThreshold"), {}}));
    for (const DeviceModelEntry &e : s->model().entries())
        QVERIFY(e.component.name == QLatin1String("OCPPCommCtrlr") || e.component.name == QLatin1String("AuthCacheCtrlr"));
    // Nothing matches: completes empty, the model stays.
    ReportRequest none;
    none.kind = ReportRequest::Kind::Report;
    none.componentVariables = {ComponentVariable{component(QStringLiteral("NoSuchCtrlr")), std::nullopt}};
    const qsizetype before = s->model().size();
    const auto empty = fetch(s, none);
    QVERIFY(empty);
    QCOMPARE(empty->entryCount, 0);
    QCOMPARE(s->model().size(), before);
}

void TestDeviceModelService::editsOfEveryDataType()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-EDIT"), OcppVersion::V201);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-EDIT"));
    QVERIFY(fetch(s, ReportRequest::fullInventory()));
    const QList<WriteItem> items{
        item(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold"), QStringLiteral("120")),            // integer
        item(QStringLiteral("SmartChargingCtrlr"), QStringLiteral("LimitChangeSignificance"), QStringLiteral("12.5")), // decimal
        item(QStringLiteral("AuthCtrlr"), QStringLiteral("LocalPreAuthorize"), QStringLiteral("true")),              // boolean
        item(QStringLiteral("ClockCtrlr"), QStringLiteral("TimeZone"), QStringLiteral("Europe/Berlin")),             // string
        item(QStringLiteral("AuthCacheCtrlr"), QStringLiteral("Policy"), QStringLiteral("LFU")),                     // OptionList
        item(QStringLiteral("ClockCtrlr"), QStringLiteral("TimeSource"), QStringLiteral("NTP,Heartbeat")),           // SequenceList
        item(QStringLiteral("TxCtrlr"), QStringLiteral("TxStartPoint"), QStringLiteral("EVConnected")),              // MemberList
        item(QStringLiteral("ClockCtrlr"), QStringLiteral("NextTimeOffsetTransitionDateTime"), QStringLiteral("2027-03-28T01:00:00Z")), // dateTime
        item(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"), QStringLiteral("999999")),        // above maxLimit
        item(QStringLiteral("ClockCtrlr"), QStringLiteral("TimeOffset"), QStringLiteral("+01:00:00")),               // longer than maxLimit 6
        item(QStringLiteral("AuthCacheCtrlr"), QStringLiteral("Policy"), QStringLiteral("Random"), QStringLiteral("x")), // unknown instance
        item(QStringLiteral("NoSuchCtrlr"), QStringLiteral("Enabled"), QStringLiteral("true")),                      // unknown component
        item(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("NoSuchVariable"), QStringLiteral("1")),                // unknown variable
        WriteItem{component(QStringLiteral("OCPPCommCtrlr")), VariableRef{QStringLiteral("HeartbeatInterval"), {}}, QStringLiteral("MaxSet"), QStringLiteral("5")},
    };
    const QString oldHeartbeat = actual(s->model(), QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"));
    QSignalSpy perItem(s, &DeviceModelService::itemResult);
    const QList<WriteResult> results = writeAndWait(s, items);
    QCOMPARE(results.size(), items.size());
    for (int i = 0; i < 8; ++i) {
        QVERIFY2(results.at(i).status == WriteStatus::Accepted, qPrintable(results.at(i).item.variable.name + results.at(i).statusInfo));
        QVERIFY2(results.at(i).verified(), qPrintable(results.at(i).item.variable.name));
        QCOMPARE(actual(s->model(), results.at(i).item.component.name, results.at(i).item.variable.name), results.at(i).item.value);
    }
    QCOMPARE(results.at(8).status, WriteStatus::Rejected);
    QVERIFY(!results.at(8).statusInfo.isEmpty()); // the reason code the station gave
    QCOMPARE(results.at(9).status, WriteStatus::Rejected);
    QCOMPARE(results.at(10).status, WriteStatus::UnknownVariable);
    QCOMPARE(results.at(11).status, WriteStatus::UnknownComponent);
    QCOMPARE(results.at(12).status, WriteStatus::UnknownVariable);
    QCOMPARE(results.at(13).status, WriteStatus::NotSupportedAttributeType);
    for (int i = 8; i < results.size(); ++i) {
        QCOMPARE(results.at(i).verify, VerifyState::NotChecked);
        QVERIFY(!results.at(i).verified());
    }
    // A refused value never shows as changed.
    QCOMPARE(actual(s->model(), QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")), oldHeartbeat);
    // Every item reported on its own: a write result for each, then a re-read for the accepted.
    QCOMPARE(perItem.size(), items.size() + 8);
    // The station really has the values.
    QCOMPARE(st->deviceModel()->value(QStringLiteral("AuthCacheCtrlr"), QStringLiteral("Policy")), QStringLiteral("LFU"));
}

void TestDeviceModelService::rebootRequiredThenReset()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-REBOOT"), OcppVersion::V201);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-REBOOT"));
    QVERIFY(fetch(s, ReportRequest::fullInventory()));
    QSignalSpy reboot(s, &DeviceModelService::rebootRequired);
    const QList<WriteResult> results = writeAndWait(s, {item(QStringLiteral("ClockCtrlr"), QStringLiteral("NtpSource"), QStringLiteral("manual"))});
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().status, WriteStatus::RebootRequired);
    QCOMPARE(results.first().verify, VerifyState::AwaitingReboot);
    QCOMPARE(reboot.size(), 1);
    QCOMPARE(actual(s->model(), QStringLiteral("ClockCtrlr"), QStringLiteral("NtpSource")), QStringLiteral("DHCP")); // not yet
    QSignalSpy finished(s, &DeviceModelService::writeFinished);
    const int op = s->reset();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toInt(), op);
    const auto after = finished.first().at(1).value<QList<WriteResult>>();
    QCOMPARE(after.size(), 1);
    QVERIFY(after.first().verified());
    QCOMPARE(actual(s->model(), QStringLiteral("ClockCtrlr"), QStringLiteral("NtpSource")), QStringLiteral("manual"));
}

void TestDeviceModelService::keys16()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-16"), OcppVersion::V16);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-16"));
    const auto info = fetch(s, ReportRequest::configuration16());
    QVERIFY(info);
    QCOMPARE(info->source, QStringLiteral("GetConfiguration"));
    QVERIFY(s->model().size() >= 40);
    const DeviceModelEntry *hb = s->model().find(component(QStringLiteral("Core")), VariableRef{QStringLiteral("HeartbeatInterval"), {}});
    QVERIFY(hb);
    QVERIFY(hb->writable());
    QCOMPARE(hb->characteristics->dataType, QStringLiteral("integer"));
    const DeviceModelEntry *maxKeys = s->model().find(component(QStringLiteral("Core")), VariableRef{QStringLiteral("GetConfigurationMaxKeys"), {}});
    QVERIFY(maxKeys);
    QCOMPARE(maxKeys->attribute(QStringLiteral("Actual"))->mutability, QStringLiteral("ReadOnly"));
    QVERIFY(s->model().find(component(QStringLiteral("Security")), VariableRef{QStringLiteral("SecurityProfile"), {}}));
    // Selected keys, one of them unknown.
    QSignalSpy unknown(s, &DeviceModelService::unknownKeys);
    const auto some = fetch(s, ReportRequest::configuration16({QStringLiteral("HeartbeatInterval"), QStringLiteral("NoSuchKey")}));
    QVERIFY(some);
    QCOMPARE(some->entryCount, 1);
    QCOMPARE(some->unknownKeys, QStringList{QStringLiteral("NoSuchKey")});
    QCOMPARE(unknown.size(), 1);
    QCOMPARE(s->loadSnapshot(some->id).value().info.unknownKeys, QStringList{QStringLiteral("NoSuchKey")});
    // Writes: one ChangeConfiguration per key.
    const QList<WriteResult> results = writeAndWait(s, {item(QStringLiteral("Core"), QStringLiteral("HeartbeatInterval"), QStringLiteral("120")),
                                                        item(QStringLiteral("Core"), QStringLiteral("NumberOfConnectors"), QStringLiteral("4")),
                                                        item(QStringLiteral("Vendor"), QStringLiteral("NoSuchKey"), QStringLiteral("1")),
                                                        item(QStringLiteral("Core"), QStringLiteral("WebSocketPingInterval"), QStringLiteral("60"))});
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).status, WriteStatus::Accepted);
    QVERIFY(results.at(0).verified());
    QCOMPARE(actual(s->model(), QStringLiteral("Core"), QStringLiteral("HeartbeatInterval")), QStringLiteral("120"));
    QCOMPARE(results.at(1).status, WriteStatus::Rejected);
    QCOMPARE(results.at(2).status, WriteStatus::NotSupported);
    QCOMPARE(results.at(3).status, WriteStatus::RebootRequired);
    QCOMPARE(results.at(3).verify, VerifyState::AwaitingReboot);
}

void TestDeviceModelService::diffOfSnapshots()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-DIFF"), OcppVersion::V16);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-DIFF"));
    const auto before = fetch(s, ReportRequest::configuration16());
    QVERIFY(before);
    QList<WriteResult> results = writeAndWait(s, {item(QStringLiteral("Core"), QStringLiteral("MeterValueSampleInterval"), QStringLiteral("30")),
                                                  item(QStringLiteral("Core"), QStringLiteral("LightIntensity"), QStringLiteral("55"))});
    QCOMPARE(results.size(), 2);
    QVERIFY(results.at(0).verified() && results.at(1).verified());
    const auto after = fetch(s, ReportRequest::configuration16());
    QVERIFY(after);
    const auto diff = s->diffSnapshots(before->id, after->id);
    QVERIFY(diff.ok());
    QCOMPARE(diff.value().entries().size(), 2);
    QCOMPARE(diff.value().count(DiffEntry::Kind::Changed), 2);
    const DiffEntry &d0 = diff.value().entries().at(0);
    const DiffEntry &d1 = diff.value().entries().at(1);
    const DiffEntry &light = d0.variable.name == QLatin1String("LightIntensity") ? d0 : d1;
    QCOMPARE(light.variable.name, QStringLiteral("LightIntensity"));
    QCOMPARE(*light.oldValue, QStringLiteral("80"));
    QCOMPARE(*light.newValue, QStringLiteral("55"));
    // Snapshot vs live, and the exports.
    const auto live = s->diffWithLive(before->id);
    QVERIFY(live.ok());
    QCOMPARE(live.value().entries().size(), 2);
    const QByteArray csv = diff.value().toCsv();
    QVERIFY(csv.contains("changed,Core,,,,LightIntensity,,Actual,80,55\r\n"));
    QCOMPARE(diff.value().toJson().size(), 2);
    QVERIFY(s->diffSnapshots(before->id, 999999).error().message.contains(QStringLiteral("999999")));
    // The same off the GUI thread.
    QSignalSpy ready(s, &DeviceModelService::diffReady);
    const int op = s->diffAsync(before->id, after->id);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.first().at(0).toInt(), op);
    QVERIFY(ready.first().at(2).toString().isEmpty());
    QCOMPARE(ready.first().at(1).value<ModelDiff>().toCsv(), csv);
    const int liveOp = s->diffAsync(before->id, 0);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.at(1).at(0).toInt(), liveOp);
    QCOMPARE(ready.at(1).at(1).value<ModelDiff>().entries().size(), 2);
    s->diffAsync(999999, 0);
    QVERIFY(ready.wait(10000));
    QVERIFY(ready.at(2).at(2).toString().contains(QStringLiteral("999999")));
    QSignalSpy loaded(s, &DeviceModelService::snapshotLoaded);
    s->loadSnapshotAsync(after->id);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(loaded.first().at(1).value<Snapshot>().model, s->loadSnapshot(after->id).value().model);
}

void TestDeviceModelService::profileAppliedAndVerified()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-PROFILE"), OcppVersion::V201);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-PROFILE"));
    const auto profile = CommissioningProfile::fromJson(R"({
        "name": "Site defaults",
        "appliesTo": [{"vendor": "ChargeBench", "model": "Virtual*", "firmwareVersion": ">=1.4"}],
        "values": [
            {"component": "OCPPCommCtrlr", "variable": "OfflineThreshold", "value": 90},
            {"component": "AuthCacheCtrlr", "variable": "Policy", "value": "FIFO"},
            {"component": "ClockCtrlr", "variable": "NtpSource", "value": "manual"},
            {"component": "SmartChargingCtrlr", "variable": "LimitChangeSignificance", "value": 7.5}
        ]})");
    QVERIFY(profile.ok());
    QSignalSpy finished(s, &DeviceModelService::profileFinished);
    const int op = s->applyProfile(profile.value());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toInt(), op);
    const ProfileReport report = finished.first().at(1).value<ProfileReport>();
    QVERIFY2(report.allVerified(), qPrintable(report.toText()));
    QVERIFY(report.rebooted); // NtpSource needs a reboot
    QCOMPARE(report.results.size(), 4);
    QCOMPARE(report.results.at(2).status, WriteStatus::RebootRequired);
    QVERIFY(report.results.at(2).verified());
    QCOMPARE(st->deviceModel()->value(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold")), QStringLiteral("90"));
    QCOMPARE(report.toJson().value(QLatin1String("allVerified")).toBool(), true);
}

void TestDeviceModelService::profileFailingVerification()
{
    sim::VirtualStation *st = startStation(QStringLiteral("DM-PROFILE-BAD"), OcppVersion::V201);
    QVERIFY(st);
    DeviceModelService *s = service(QStringLiteral("DM-PROFILE-BAD"));
    CommissioningProfile p;
    p.name = QStringLiteral("Too much");
    p.values = {item(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold"), QStringLiteral("45")),
                item(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"), QStringLiteral("0"))}; // below minLimit 1
    QSignalSpy finished(s, &DeviceModelService::profileFinished);
    s->applyProfile(p);
    QVERIFY(finished.wait(30000));
    ProfileReport report = finished.first().at(1).value<ProfileReport>();
    QVERIFY(!report.allVerified());
    QCOMPARE(report.verifiedCount(), 1);
    QCOMPARE(report.results.at(1).status, WriteStatus::Rejected);
    QVERIFY(report.toText().contains(QStringLiteral("HeartbeatInterval")));
    // A profile for other stations writes nothing.
    p.appliesTo = {CommissioningProfile::Condition{QStringLiteral("Acme"), {}, {}}};
    p.values = {item(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold"), QStringLiteral("46"))};
    finished.clear();
    s->applyProfile(p);
    QVERIFY(finished.wait(30000));
    report = finished.first().at(1).value<ProfileReport>();
    QVERIFY(!report.applicable);
    QVERIFY(!report.allVerified());
    QCOMPARE(st->deviceModel()->value(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold")), QStringLiteral("45"));
}

void TestDeviceModelService::fetchAfterBoot()
{
    m_manager->setFetchAfterBoot(true);
    QSignalSpy added(m_manager, &DeviceModelManager::serviceAdded);
    sim::VirtualStation *st = startStation(QStringLiteral("DM-BOOT"), OcppVersion::V201);
    QVERIFY(st);
    QTRY_VERIFY(!added.isEmpty());
    DeviceModelService *s = service(QStringLiteral("DM-BOOT"));
    QTRY_COMPARE_WITH_TIMEOUT(s->model().size(), qsizetype(st->deviceModel()->variableCount()), 20000);
    m_manager->setFetchAfterBoot(false);
    QCOMPARE(s->snapshots().value().size(), 1);
    // Only the new station was read: the others did not boot again.
    for (DeviceModelService *other : m_manager->services())
        if (other != s)
            QVERIFY(!other->isReading());
}

void TestDeviceModelService::apiEndpoints()
{
    // Covered end to end with the CLI in tst_profilecli; here only that the extension is there.
    QVERIFY(m_ws->stationApiExtension());
}

QTEST_MAIN(TestDeviceModelService)
#include "tst_devicemodelservice.moc"
