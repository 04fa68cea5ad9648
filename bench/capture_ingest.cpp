// Capture ingest benchmark: the same realistic frame rows written (a) through CaptureWriter
// (append() from this thread, batches committed by its writer thread, timed until flush()
// returns) and (b) by a raw prepared INSERT loop with the sqlite3 C API in one transaction, each
// into its own temporary database with the same schema, alternating over several rounds. A third
// loop with a prepared QSqlQuery (Qt's binding) is shown for comparison; the ratio is against (b).
//
// Target (from the issue): CaptureWriter ingest at least half the raw prepared-insert rate.
// Besides rows/s, the CPU time per row is printed: for the raw loop its thread's CPU time, for
// CaptureWriter the process's CPU time minus that of the producing thread (i.e. the writer thread,
// which is what the server pays per captured frame, the append() calls aside).
//
// Usage: bench_capture_ingest [--rows N] [--rounds R] [--stations N] [--rate R] [--max-batch N] [--interval MS] [--no-qt]
//                             [--check]
//   --stations N: the live server's pattern instead of a day at a busy site: N stations
//     (LOAD00000...) round-robin, each with one Heartbeat/MeterValues/StatusNotification CALL and
//     its CALLRESULT at a time, as bench_loadgen's 1,000 stations against `chargebench-cli serve`.
//   --rate R: append R rows/s at most (paced in 1 ms steps), so that the writer's batches are cut by
//     its interval as in the server rather than by maxBatch (the writer then reports its CPU per
//     row; rows/s is the pace, unless the writer falls behind, and no rate ratio is printed).
//   --check: exit 1 when the median ratio is below 0.5.
#include "storage/capturerow.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framerepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <QSqlDriver>

#include <sqlite3.h>

#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace cb;

namespace {

// A day at a busy site: meter values and transaction events dominate, each CALL followed by its
// CALLRESULT, with heartbeats, status notifications and the odd invalid frame.
QList<CaptureRecord> makeRows(int count)
{
    QRandomGenerator rng(20240601);
    QList<CaptureRecord> rows;
    rows.reserve(count);
    qint64 ts = 1'717'200'000'000'000;
    while (rows.size() < count) {
        const int station = int(rng.bounded(16));
        const QString stationId = QStringLiteral("CP-%1").arg(station, 3, 10, QLatin1Char('0'));
        const QString id = QUuid::fromRfc4122(QByteArray::number(rng.generate64()).leftJustified(16, '0')).toString(QUuid::WithoutBraces);
        const int pick = int(rng.bounded(100));
        QString action;
        QByteArray payload;
        QByteArray result = "{}";
        if (pick < 45) {
            action = QStringLiteral("MeterValues");
            payload = QByteArray(R"({"evseId":1,"meterValue":[{"timestamp":"2024-06-01T08:00:00.000Z","sampledValue":[)"
                                 R"({"value":)") + QByteArray::number(rng.bounded(100000)) +
                      QByteArray(R"(,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"}},)"
                                 R"({"value":)") + QByteArray::number(rng.bounded(32)) +
                      QByteArray(R"(.5,"measurand":"Current.Import","phase":"L1"},{"value":230.1,"measurand":"Voltage","phase":"L1-N"},)"
                                 R"({"value":7360,"measurand":"Power.Active.Import"}]}]})");
        } else if (pick < 70) {
            action = QStringLiteral("TransactionEvent");
            payload = QByteArray(R"({"eventType":"Updated","timestamp":"2024-06-01T08:00:00.000Z","triggerReason":"MeterValuePeriodic",)"
                                 R"("seqNo":)") + QByteArray::number(rng.bounded(5000)) +
                      QByteArray(R"(,"transactionInfo":{"transactionId":"f0e1d2c3-0000-4000-8000-)") + QByteArray::number(station).rightJustified(12, '0') +
                      QByteArray(R"(","chargingState":"Charging"},"evse":{"id":1,"connectorId":1},)"
                                 R"("meterValue":[{"timestamp":"2024-06-01T08:00:00.000Z","sampledValue":[{"value":12345.6}]}]})");
        } else if (pick < 85) {
            action = QStringLiteral("Heartbeat");
            payload = "{}";
            result = R"({"currentTime":"2024-06-01T08:00:00.000Z"})";
        } else {
            action = QStringLiteral("StatusNotification");
            payload = R"({"timestamp":"2024-06-01T08:00:00.000Z","connectorStatus":"Occupied","evseId":1,"connectorId":1})";
        }
        CaptureRecord call;
        call.timestampUs = ts;
        call.stationId = stationId;
        call.connectionId = station + 1;
        call.messageType = 2;
        call.messageId = id;
        call.action = action;
        call.data = QByteArray(R"([2,")") + id.toLatin1() + QByteArray(R"(",")") + action.toLatin1() + QByteArray(R"(",)") + payload + ']';
        if (rng.bounded(200) == 0)
            call.problem = QStringLiteral("payload/evseId: value must be at least 0");
        rows << call;
        CaptureRecord answer = call;
        answer.timestampUs = ts + 800;
        answer.outgoing = true;
        answer.messageType = 3;
        answer.problem.clear();
        answer.data = QByteArray(R"([3,")") + id.toLatin1() + QByteArray(R"(",)") + result + ']';
        rows << answer;
        ts += 1000 + qint64(rng.bounded(50000));
    }
    rows.resize(count);
    return rows;
}

// The live pattern: every station has one CALL outstanding (bench_loadgen), the server answers at
// once, so CALL and CALLRESULT follow each other and the stations take turns. As in the server, a
// station's id is one shared string; action and message id are the CALL's, shared by its reply.
QList<CaptureRecord> makeLiveRows(int count, int stations)
{
    const QByteArray t = "2026-11-24T01:00:00.000Z";
    const QStringList actions{QStringLiteral("Heartbeat"), QStringLiteral("MeterValues"), QStringLiteral("StatusNotification")};
    const QList<QByteArray> payloads{
        "{}",
        QByteArray(R"({"evseId":1,"meterValue":[{"timestamp":")") + t +
            R"(","sampledValue":[{"value":1.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}},)"
            R"({"value":7.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"kW"}},)"
            R"({"value":16,"measurand":"Current.Import","phase":"L1","unitOfMeasure":{"unit":"A"}}]}]})",
        QByteArray(R"({"timestamp":")") + t + R"(","connectorStatus":"Available","evseId":1,"connectorId":1})",
    };
    const QList<QByteArray> results{QByteArray(R"({"currentTime":")") + t + "\"}", "{}", "{}"};
    QStringList ids;
    for (int s = 0; s < stations; ++s)
        ids << QStringLiteral("LOAD%1").arg(s, 5, 10, QLatin1Char('0'));
    QList<quint64> lastCall(stations, 0);
    QList<CaptureRecord> rows;
    rows.reserve(count);
    qint64 ts = 1'795'000'000'000'000;
    for (qint64 turn = 0; rows.size() < count; ++turn) {
        const int station = int(turn % stations);
        const int a = int((turn / stations + station) % actions.size());
        const QByteArray id = QByteArray::number(++lastCall[station]);
        CaptureRecord call;
        call.timestampUs = ts;
        call.stationId = ids.at(station);
        call.connectionId = station + 1;
        call.messageType = 2;
        call.messageId = QString::fromLatin1(id);
        call.action = QString::fromLatin1(actions.at(a).toLatin1()); // parsed from each frame: not shared
        call.data = "[2,\"" + id + "\",\"" + actions.at(a).toLatin1() + "\"," + payloads.at(a) + ']';
        rows << call;
        CaptureRecord answer = call;
        answer.timestampUs = ts + 5;
        answer.outgoing = true;
        answer.messageType = 3;
        answer.data = "[3,\"" + id + "\"," + results.at(a) + ']';
        rows << answer;
        ts += 15; // 135,000 rows/s
    }
    rows.resize(count);
    return rows;
}

// CPU time in µs: of the whole process, or of the calling thread.
qint64 cpuUs(int who)
{
    rusage u{};
    getrusage(who, &u);
    return (qint64(u.ru_utime.tv_sec) + qint64(u.ru_stime.tv_sec)) * 1'000'000 + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

void fail(const QString &what)
{
    std::fprintf(stderr, "bench_capture_ingest: %s\n", qPrintable(what));
    std::exit(2);
}

qint64 countRows(const QString &path)
{
    Database db;
    if (auto ok = db.open(path); !ok)
        fail(ok.error().text());
    const auto n = FrameRepository(db).count();
    if (!n)
        fail(n.error().text());
    return n.value();
}

struct Measured
{
    double rowsPerSecond = 0;
    double cpuUsPerRow = 0; // of the thread(s) that write
};

// The reference: one prepared statement with the sqlite3 C API, one transaction, on this thread.
Measured rawRate(const QString &path, const QList<CaptureRecord> &rows)
{
    Database db;
    if (auto ok = db.open(path); !ok)
        fail(ok.error().text());
    const QVariant handle = db.connection().driver()->handle();
    sqlite3 *h = qstrcmp(handle.typeName(), "sqlite3*") == 0 ? *static_cast<sqlite3 *const *>(handle.constData()) : nullptr;
    if (!h)
        fail(QStringLiteral("no sqlite3 handle"));
    QElapsedTimer timer;
    timer.start();
    const qint64 cpuStart = cpuUs(RUSAGE_THREAD);
    sqlite3_stmt *insert = nullptr;
    const QByteArray sql = capturerow::insertStatement().toUtf8();
    if (sqlite3_prepare_v2(h, sql.constData(), int(sql.size()), &insert, nullptr) != SQLITE_OK
        || sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
        fail(QString::fromUtf8(sqlite3_errmsg(h)));
    for (const CaptureRecord &r : rows) {
        if (capturerow::bind(insert, r) != SQLITE_OK || sqlite3_step(insert) != SQLITE_DONE)
            fail(QString::fromUtf8(sqlite3_errmsg(h)));
        sqlite3_reset(insert);
    }
    if (sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        fail(QString::fromUtf8(sqlite3_errmsg(h)));
    sqlite3_finalize(insert);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = double(cpuUs(RUSAGE_THREAD) - cpuStart);
    db.close();
    if (countRows(path) != rows.size())
        fail(QStringLiteral("raw loop: row count mismatch"));
    return {double(rows.size()) / seconds, cpu / double(rows.size())};
}

// For comparison: the same loop through QSqlQuery::bindValue.
double qtRate(const QString &path, const QList<CaptureRecord> &rows)
{
    Database db;
    if (auto ok = db.open(path); !ok)
        fail(ok.error().text());
    QElapsedTimer timer;
    timer.start();
    {
        QSqlQuery control(db.connection());
        QSqlQuery insert(db.connection());
        if (!insert.prepare(capturerow::insertStatement()) || !control.exec(QStringLiteral("BEGIN")))
            fail(insert.lastError().text() + control.lastError().text());
        for (const CaptureRecord &r : rows) {
            capturerow::bind(insert, r);
            if (!insert.exec())
                fail(insert.lastError().text());
        }
        if (!control.exec(QStringLiteral("COMMIT")))
            fail(control.lastError().text());
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    db.close();
    if (countRows(path) != rows.size())
        fail(QStringLiteral("QSqlQuery loop: row count mismatch"));
    return double(rows.size()) / seconds;
}

// CaptureWriter as the server uses it: append() every record (at `rate` rows/s at most when
// rate > 0), then flush() until all are durable. The writer's CPU time is the process's minus this
// thread's (which appends and then only waits); appendNsPerRecord is this thread's CPU per append.
Measured writerRate(const QString &path, const QList<CaptureRecord> &rows, const CaptureWriter::Options &options, int rate,
                    double &appendNsPerRecord)
{
    CaptureWriter writer;
    if (auto ok = writer.open(path, options); !ok)
        fail(ok.error().text());
    QElapsedTimer timer;
    timer.start();
    const qint64 processStart = cpuUs(RUSAGE_SELF);
    const qint64 threadStart = cpuUs(RUSAGE_THREAD);
    if (rate <= 0) {
        for (const CaptureRecord &r : rows)
            writer.append(r);
    } else {
        // Like the server's network thread: a few hundred records per millisecond, then idle.
        const qint64 perStep = qMax<qint64>(1, rate / 1000);
        qint64 done = 0;
        for (qint64 step = 1; done < rows.size(); ++step) {
            const qint64 until = qMin<qint64>(rows.size(), step * perStep);
            for (; done < until; ++done)
                writer.append(rows.at(done));
            const qint64 dueNs = step * 1'000'000;
            if (const qint64 ahead = dueNs - timer.nsecsElapsed(); ahead > 0)
                QThread::usleep(ulong(ahead / 1000));
        }
    }
    // CPU, not wall time: appends held back by a full queue, or paced, wait without costing.
    appendNsPerRecord = double(cpuUs(RUSAGE_THREAD) - threadStart) * 1000.0 / double(rows.size());
    if (auto ok = writer.flush(); !ok)
        fail(ok.error().text());
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double writerCpu = double((cpuUs(RUSAGE_SELF) - processStart) - (cpuUs(RUSAGE_THREAD) - threadStart));
    if (auto ok = writer.close(); !ok)
        fail(ok.error().text());
    if (countRows(path) != rows.size())
        fail(QStringLiteral("CaptureWriter: row count mismatch"));
    return {double(rows.size()) / seconds, writerCpu / double(rows.size())};
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Capture ingest: CaptureWriter versus a raw sqlite3 prepared-insert loop."));
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows per run (default 200000)."), QStringLiteral("N"),
                                        QStringLiteral("200000"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Rounds, alternating both (default 3)."),
                                          QStringLiteral("R"), QStringLiteral("3"));
    const QCommandLineOption stationsOption(QStringLiteral("stations"),
                                            QStringLiteral("The live server's pattern: N stations round-robin, Heartbeat/MeterValues/"
                                                           "StatusNotification CALL + CALLRESULT (default 0: a busy site's day)."),
                                            QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("Append at most R rows/s to CaptureWriter (default 0: as fast as possible)."),
                                        QStringLiteral("R"), QStringLiteral("0"));
    const QCommandLineOption batchOption(QStringLiteral("max-batch"), QStringLiteral("CaptureWriter::Options::maxBatch (default: the writer's)."),
                                         QStringLiteral("N"));
    const QCommandLineOption intervalOption(QStringLiteral("interval"),
                                            QStringLiteral("CaptureWriter::Options::flushIntervalMs (default: the writer's)."), QStringLiteral("MS"));
    const QCommandLineOption noQtOption(QStringLiteral("no-qt"), QStringLiteral("Skip the QSqlQuery loop."));
    const QCommandLineOption checkOption(QStringLiteral("check"), QStringLiteral("Exit 1 when the ratio is below 0.5."));
    parser.addOptions({rowsOption, roundsOption, stationsOption, rateOption, batchOption, intervalOption, noQtOption, checkOption});
    parser.process(app);
    const int rowCount = qMax(1, parser.value(rowsOption).toInt());
    const int rounds = qMax(1, parser.value(roundsOption).toInt());
    const int stations = qMax(0, parser.value(stationsOption).toInt());
    const int rate = qMax(0, parser.value(rateOption).toInt());
    CaptureWriter::Options options;
    if (parser.isSet(batchOption))
        options.maxBatch = parser.value(batchOption).toInt();
    if (parser.isSet(intervalOption))
        options.flushIntervalMs = parser.value(intervalOption).toInt();

    const QList<CaptureRecord> rows = stations > 0 ? makeLiveRows(rowCount, stations) : makeRows(rowCount);
    qint64 bytes = 0;
    for (const CaptureRecord &r : rows)
        bytes += r.data.size();
    std::printf("capture_ingest: %d rows (%s, average frame %lld bytes), %d rounds, writer maxBatch %d, interval %d ms%s\n", rowCount,
                stations > 0 ? qPrintable(QStringLiteral("%1 stations round-robin").arg(stations)) : "busy site, 16 stations",
                static_cast<long long>(bytes / rowCount), rounds, options.maxBatch, options.flushIntervalMs,
                rate > 0 ? qPrintable(QStringLiteral(", appended at %1 rows/s").arg(rate)) : "");

    QTemporaryDir dir;
    if (!dir.isValid())
        fail(QStringLiteral("cannot create a temporary folder"));
    QList<double> raw, writer, ratios, appendNs, qt, rawCpu, writerCpu;
    for (int round = 1; round <= rounds; ++round) {
        const Measured r = rawRate(dir.filePath(QStringLiteral("raw-%1.sqlite").arg(round)), rows);
        if (!parser.isSet(noQtOption))
            qt << qtRate(dir.filePath(QStringLiteral("qt-%1.sqlite").arg(round)), rows);
        double ns = 0;
        const QString writerPath = dir.filePath(QStringLiteral("writer-%1.sqlite").arg(round));
        const Measured w = writerRate(writerPath, rows, options, rate, ns);
        raw << r.rowsPerSecond;
        writer << w.rowsPerSecond;
        ratios << w.rowsPerSecond / r.rowsPerSecond;
        appendNs << ns;
        rawCpu << r.cpuUsPerRow;
        writerCpu << w.cpuUsPerRow;
        std::printf("round %d: raw %.0f rows/s (%.2f µs CPU/row), QSqlQuery %.0f rows/s, CaptureWriter %.0f rows/s (%.2f µs CPU/row), "
                    "ratio %.2f, append() %.0f ns CPU/record, database %.0f MB\n",
                    round, r.rowsPerSecond, r.cpuUsPerRow, qt.isEmpty() ? 0.0 : qt.last(), w.rowsPerSecond, w.cpuUsPerRow,
                    w.rowsPerSecond / r.rowsPerSecond, ns, double(QFileInfo(writerPath).size()) / 1e6);
        // Keep the disk (often tmpfs) from filling up over the rounds.
        for (const QString &f : QDir(dir.path()).entryList(QDir::Files))
            QFile::remove(dir.filePath(f));
    }
    const double ratio = median(ratios);
    std::printf("raw prepared insert, one transaction: %.0f rows/s, %.2f µs CPU/row (median; sqlite3 C API)\n", median(raw), median(rawCpu));
    if (!qt.isEmpty())
        std::printf("same loop with QSqlQuery::bindValue:  %.0f rows/s (median; for comparison)\n", median(qt));
    std::printf("CaptureWriter append + flush:         %.0f rows/s, %.2f µs CPU/row in the writer thread (median)%s\n", median(writer),
                median(writerCpu), rate > 0 ? " [paced: rows/s is the pace]" : "");
    std::printf("append() on the calling thread:       %.0f ns CPU/record (median)\n", median(appendNs));
    if (rate > 0) {
        // The writer's rate is the pace here; its CPU per row against the raw loop's is the comparison.
        std::printf("CPU per row CaptureWriter/raw: %.2f (paced run: no rate ratio)\n", median(writerCpu) / median(rawCpu));
        return 0;
    }
    std::printf("ratio CaptureWriter/raw: %.2f (target >= 0.50): %s\n", ratio, ratio >= 0.5 ? "met" : "NOT met");
    return parser.isSet(checkOption) && ratio < 0.5 ? 1 : 0;
}
