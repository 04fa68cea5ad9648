// Helper for tst_capturecrash: appends capture records continuously through CaptureWriter and
// reports, after every committed batch, how many records are durable and how many it had appended
// by then. The test kills it with SIGKILL and checks the database against those reports.
//
// Usage: capture_crash_helper <database file>
// Output lines: "ready", then "progress <written> <appended>" (both counts since start).
#include "storage/capturewriter.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace cb;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: capture_crash_helper <database file>\n");
        return 2;
    }
    CaptureWriter writer;
    if (auto ok = writer.open(args.at(1)); !ok) {
        std::fprintf(stderr, "error: %s\n", qPrintable(ok.error().text()));
        return 1;
    }

    qint64 appended = 0;
    QObject::connect(&writer, &CaptureWriter::batchWritten, &app, [&] {
        // Runs on this thread after the commit: every record counted here is on disk.
        std::printf("progress %lld %lld\n", static_cast<long long>(writer.writtenCount()), static_cast<long long>(appended));
        std::fflush(stdout);
    });

    // About 25,000 records a second, with a bounded backlog so that a slow (sanitised, loaded)
    // build still keeps each record's wait well under a second.
    QTimer pump;
    pump.setInterval(2);
    QObject::connect(&pump, &QTimer::timeout, &app, [&] {
        if (writer.pendingCount() > 2000)
            return;
        for (int i = 0; i < 50; ++i, ++appended) {
            CaptureRecord r;
            r.timestampUs = 1'700'000'000'000'000 + appended;
            r.stationId = QStringLiteral("CP-CRASH");
            r.connectionId = 1;
            r.outgoing = appended % 2;
            r.messageType = 2;
            r.messageId = QString::number(appended);
            r.action = QStringLiteral("MeterValues");
            r.data = QByteArray(R"([2,")") + QByteArray::number(appended) +
                     QByteArray(R"(","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":1234.5}]}]}])");
            writer.append(r);
        }
    });
    pump.start();
    std::printf("ready\n");
    std::fflush(stdout);
    return app.exec();
}
