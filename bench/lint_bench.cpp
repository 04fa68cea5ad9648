// bench_lint: how long the protocol linter takes over a large synthetic capture, and what a JSON
// lines round trip of it costs. Not a test: prints numbers for BENCHMARKS.md.
//
//   bench_lint [--records N] [--stations S]
//
// The capture mixes what real captures hold: per station a connection, a boot, then Heartbeats,
// StatusNotifications, 1.6 MeterValues / Start/StopTransaction or 2.0.1 TransactionEvents with
// meter values, every CALL answered; a few deliberate breaches so the rules do some work.
#include "inspection/capturejsonlreader.h"
#include "inspection/capturejsonlwriter.h"
#include "inspection/protocollinter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryFile>
#include <QTextStream>

#include <sys/resource.h>

using namespace cb;

namespace {

struct Generator
{
    QList<StoredCaptureRecord> records;
    qint64 nowUs = 1'700'000'000'000'000;

    void push(const QString &station, qint64 conn, bool out, int type, const QString &id, const QString &action,
              QByteArray data, CaptureRecord::Kind kind = CaptureRecord::Kind::Frame)
    {
        StoredCaptureRecord s;
        s.id = records.size() + 1;
        s.record.kind = kind;
        s.record.timestampUs = nowUs;
        s.record.stationId = station;
        s.record.connectionId = conn;
        s.record.outgoing = out;
        s.record.messageType = type;
        s.record.messageId = id;
        s.record.action = action;
        s.record.data = std::move(data);
        records.append(std::move(s));
    }
};

long peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Protocol lint over a synthetic capture."));
    p.addHelpOption();
    p.addOption({QStringLiteral("records"), QStringLiteral("Records to generate (default 1000000)."), QStringLiteral("n"),
                 QStringLiteral("1000000")});
    p.addOption({QStringLiteral("stations"), QStringLiteral("Stations (default 100)."), QStringLiteral("n"),
                 QStringLiteral("100")});
    p.process(app);
    const qint64 target = p.value(QStringLiteral("records")).toLongLong();
    const int stations = qMax(1, p.value(QStringLiteral("stations")).toInt());
    QTextStream out(stdout);

    QElapsedTimer t;
    t.start();
    Generator g;
    g.records.reserve(target + stations * 4);
    QList<qint64> counters(stations, 0);
    for (int s = 0; s < stations; ++s) {
        const QString id = QStringLiteral("CP%1").arg(s, 4, 10, QLatin1Char('0'));
        const bool v2 = s % 2;
        g.push(id, s + 1, false, 0, {}, {},
               v2 ? QByteArrayLiteral("{\"subprotocol\":\"ocpp2.0.1\"}") : QByteArrayLiteral("{\"subprotocol\":\"ocpp1.6\"}"),
               CaptureRecord::Kind::ConnectionOpened);
        g.push(id, s + 1, false, 2, QStringLiteral("b"), QStringLiteral("BootNotification"),
               QByteArrayLiteral("[2,\"b\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]"));
        g.push(id, s + 1, true, 3, QStringLiteral("b"), QStringLiteral("BootNotification"),
               QByteArrayLiteral("[3,\"b\",{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"2023-11-14T22:13:20Z\"}]"));
    }
    // Round robin over the stations: each step is one CALL and its reply.
    qint64 step = 0;
    while (g.records.size() < target) {
        const int s = int(step % stations);
        const QString station = QStringLiteral("CP%1").arg(s, 4, 10, QLatin1Char('0'));
        const qint64 n = ++counters[s];
        const QString mid = QString::number(n);
        const bool v2 = s % 2;
        g.nowUs += 1000;
        QString action;
        QByteArray req;
        QByteArray conf = "[3,\"" + mid.toUtf8() + "\",{}]";
        const qint64 tx = s * 1'000'000 + n / 20;
        switch (n % 20) {
        case 1:
            if (v2) {
                action = QStringLiteral("TransactionEvent");
                req = "[2,\"" + mid.toUtf8() + "\",\"TransactionEvent\",{\"eventType\":\"Started\",\"seqNo\":0,"
                      "\"timestamp\":\"2023-11-14T22:13:20Z\",\"triggerReason\":\"Authorized\",\"evse\":{\"id\":1},"
                      "\"transactionInfo\":{\"transactionId\":\"T" + QByteArray::number(tx) + "\"}}]";
            } else {
                action = QStringLiteral("StartTransaction");
                req = "[2,\"" + mid.toUtf8() + "\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"A\",\"meterStart\":"
                      + QByteArray::number(n) + ",\"timestamp\":\"2023-11-14T22:13:20Z\"}]";
                conf = "[3,\"" + mid.toUtf8() + "\",{\"transactionId\":" + QByteArray::number(tx) +
                       ",\"idTagInfo\":{\"status\":\"Accepted\"}}]";
            }
            break;
        case 5:
        case 10:
        case 15:
            if (v2) {
                action = QStringLiteral("TransactionEvent");
                req = "[2,\"" + mid.toUtf8() + "\",\"TransactionEvent\",{\"eventType\":\"Updated\",\"seqNo\":" +
                      QByteArray::number(n % 20 / 5) +
                      ",\"timestamp\":\"2023-11-14T22:13:20Z\",\"triggerReason\":\"MeterValuePeriodic\","
                      "\"transactionInfo\":{\"transactionId\":\"T" + QByteArray::number(tx) +
                      "\"},\"meterValue\":[{\"timestamp\":\"2023-11-14T22:13:20Z\",\"sampledValue\":[{\"value\":" +
                      QByteArray::number(n) + "}]}]}]";
            } else {
                action = QStringLiteral("MeterValues");
                req = "[2,\"" + mid.toUtf8() + "\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":" +
                      QByteArray::number(tx) + ",\"meterValue\":[{\"timestamp\":\"2023-11-14T22:13:20Z\","
                      "\"sampledValue\":[{\"value\":\"" + QByteArray::number(n) + "\"}]}]}]";
            }
            break;
        case 19:
            if (v2) {
                action = QStringLiteral("TransactionEvent");
                req = "[2,\"" + mid.toUtf8() + "\",\"TransactionEvent\",{\"eventType\":\"Ended\",\"seqNo\":4,"
                      "\"timestamp\":\"2023-11-14T22:13:20Z\",\"triggerReason\":\"StopAuthorized\","
                      "\"transactionInfo\":{\"transactionId\":\"T" + QByteArray::number(tx) + "\"}}]";
            } else {
                action = QStringLiteral("StopTransaction");
                req = "[2,\"" + mid.toUtf8() + "\",\"StopTransaction\",{\"transactionId\":" + QByteArray::number(tx) +
                      ",\"meterStop\":" + QByteArray::number(n) + ",\"timestamp\":\"2023-11-14T22:13:20Z\"}]";
            }
            break;
        case 7:
            action = QStringLiteral("StatusNotification");
            req = "[2,\"" + mid.toUtf8() + "\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\","
                  "\"status\":\"Charging\"}]";
            break;
        default:
            action = QStringLiteral("Heartbeat");
            req = "[2,\"" + mid.toUtf8() + "\",\"Heartbeat\",{}]";
            conf = "[3,\"" + mid.toUtf8() + "\",{\"currentTime\":\"2023-11-14T22:13:20Z\"}]";
        }
        // A few breaches: every 100,000th step repeats an id.
        const QString callId = (step % 100'000 == 99'999) ? QStringLiteral("1") : mid;
        g.push(station, s + 1, false, 2, callId, action, req);
        g.push(station, s + 1, true, 3, callId, action, conf);
        ++step;
    }
    const qint64 genMs = t.elapsed();
    out << "generated " << g.records.size() << " records (" << stations << " stations) in " << genMs << " ms" << Qt::endl;

    t.restart();
    const LintReport report = ProtocolLinter::lint(g.records);
    const qint64 lintMs = t.elapsed();
    out << "lint: " << lintMs << " ms, " << qint64(double(report.recordCount) / qMax<qint64>(1, lintMs) * 1000)
        << " records/s, " << report.findings.size() << " findings" << Qt::endl;
    for (LintRule r : kAllLintRules) {
        if (const int n = report.count(r))
            out << "  " << ruleName(r) << ": " << n << Qt::endl;
    }

    t.restart();
    // A real file, as capture export writes one.
    QTemporaryFile buf;
    if (!buf.open())
        return 1;
    CaptureJsonlWriter w(buf);
    (void)w.writeHeader();
    for (const auto &r : std::as_const(g.records))
        (void)w.write(r);
    const qint64 writeMs = t.elapsed();
    out << "jsonl export: " << writeMs << " ms, " << buf.size() / (1024 * 1024) << " MiB" << Qt::endl;
    t.restart();
    buf.flush();
    buf.seek(0);
    const auto back = CaptureJsonlReader::readAll(buf);
    const qint64 readMs = t.elapsed();
    out << "jsonl import (parse): " << readMs << " ms, " << (back ? back.value().size() : -1) << " records" << Qt::endl;
    out << "peak RSS: " << peakRssMb() << " MiB" << Qt::endl;
    return back && back.value().size() == g.records.size() ? 0 : 1;
}
