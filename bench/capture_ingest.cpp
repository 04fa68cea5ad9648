// Capture ingest benchmark: the same realistic frame rows written (a) through CaptureWriter
// (append() from this thread, batches committed by its writer thread, timed until flush()
// returns) and (b) by a raw prepared INSERT loop with the sqlite3 C API in one transaction, each
// into its own temporary database with the same schema, alternating over several rounds. A third
// loop with a prepared QSqlQuery (Qt's binding) is shown for comparison; the ratio is against (b).
//
// Target (from the issue): CaptureWriter ingest at least half the raw prepared-insert rate.
//
// Usage: bench_capture_ingest [--rows N] [--rounds R] [--check]
//   --check: exit 1 when the median ratio is below 0.5.
#include "storage/capturerow.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framerepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <QSqlDriver>

#include <sqlite3.h>

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

// The reference: one prepared statement with the sqlite3 C API, one transaction, on this thread.
double rawRate(const QString &path, const QList<CaptureRecord> &rows)
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
    db.close();
    if (countRows(path) != rows.size())
        fail(QStringLiteral("raw loop: row count mismatch"));
    return double(rows.size()) / seconds;
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

// CaptureWriter as the server uses it: append() every record, then flush() until all are durable.
double writerRate(const QString &path, const QList<CaptureRecord> &rows, double &appendNsPerRecord)
{
    CaptureWriter writer;
    if (auto ok = writer.open(path); !ok)
        fail(ok.error().text());
    QElapsedTimer timer;
    timer.start();
    for (const CaptureRecord &r : rows)
        writer.append(r);
    appendNsPerRecord = double(timer.nsecsElapsed()) / double(rows.size());
    if (auto ok = writer.flush(); !ok)
        fail(ok.error().text());
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (auto ok = writer.close(); !ok)
        fail(ok.error().text());
    if (countRows(path) != rows.size())
        fail(QStringLiteral("CaptureWriter: row count mismatch"));
    return double(rows.size()) / seconds;
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
    const QCommandLineOption checkOption(QStringLiteral("check"), QStringLiteral("Exit 1 when the ratio is below 0.5."));
    parser.addOptions({rowsOption, roundsOption, checkOption});
    parser.process(app);
    const int rowCount = qMax(1, parser.value(rowsOption).toInt());
    const int rounds = qMax(1, parser.value(roundsOption).toInt());

    const QList<CaptureRecord> rows = makeRows(rowCount);
    qint64 bytes = 0;
    for (const CaptureRecord &r : rows)
        bytes += r.data.size();
    std::printf("capture_ingest: %d rows (average frame %lld bytes), %d rounds\n", rowCount,
                static_cast<long long>(bytes / rowCount), rounds);

    QTemporaryDir dir;
    if (!dir.isValid())
        fail(QStringLiteral("cannot create a temporary folder"));
    QList<double> raw, writer, ratios, appendNs, qt;
    for (int round = 1; round <= rounds; ++round) {
        const double r = rawRate(dir.filePath(QStringLiteral("raw-%1.sqlite").arg(round)), rows);
        qt << qtRate(dir.filePath(QStringLiteral("qt-%1.sqlite").arg(round)), rows);
        double ns = 0;
        const double w = writerRate(dir.filePath(QStringLiteral("writer-%1.sqlite").arg(round)), rows, ns);
        raw << r;
        writer << w;
        ratios << w / r;
        appendNs << ns;
        std::printf("round %d: raw %.0f rows/s, QSqlQuery %.0f rows/s, CaptureWriter %.0f rows/s, ratio %.2f, append() %.0f ns/record\n",
                    round, r, qt.last(), w, w / r, ns);
    }
    const double ratio = median(ratios);
    std::printf("raw prepared insert, one transaction: %.0f rows/s (median; sqlite3 C API)\n", median(raw));
    std::printf("same loop with QSqlQuery::bindValue:  %.0f rows/s (median; for comparison)\n", median(qt));
    std::printf("CaptureWriter append + flush:         %.0f rows/s (median)\n", median(writer));
    std::printf("append() on the calling thread:       %.0f ns/record (median)\n", median(appendNs));
    std::printf("ratio CaptureWriter/raw: %.2f (target >= 0.50): %s\n", ratio, ratio >= 0.5 ? "met" : "NOT met");
    return parser.isSet(checkOption) && ratio < 0.5 ? 1 : 0;
}
