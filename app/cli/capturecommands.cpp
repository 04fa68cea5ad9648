#include "capturecommands.h"

#include "capture/importsummary.h"
#include "inspection/captureimport.h"
#include "clicommand.h"
#include "inspectcommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace cb::cli {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

// The same import as File > Open capture (CaptureImport), reported on the terminal.
int runImport(const QString &file, const QString &dbPath, bool validate)
{
    const auto result = CaptureImport::run(file, dbPath, {}, nullptr, validate);
    if (!result) {
        err() << result.error().text() << Qt::endl;
        return Failure;
    }
    const ImportSummary &s = result.value().pcap;
    out() << Text::tr("Imported %1: %2 connections, %3 frames, %4 problems, %5 encrypted connections skipped.")
                 .arg(file)
                 .arg(s.connections)
                 .arg(s.frames)
                 .arg(s.problems)
                 .arg(s.encrypted.size())
          << Qt::endl;
    for (const SkippedConnection &c : s.encrypted)
        out() << Text::tr("  encrypted: %1 -> %2: %3").arg(c.client, c.server, c.reason) << Qt::endl;
    if (!s.error.isEmpty()) {
        err() << s.error << Qt::endl;
        return Failure;
    }
    return Ok;
}

} // namespace

bool isPcapFile(const QString &path)
{
    return CaptureImport::detect(path) == CaptureImport::Format::Pcap;
}

int runCaptureCommand(const QStringList &args)
{
    if (args.value(1) == QLatin1String("import")) {
        // The file is the first argument that is neither an option nor an option's value.
        for (qsizetype i = 2; i < args.size(); ++i) {
            const QString &a = args.at(i);
            if (a == QLatin1String("--db")) {
                ++i;
                continue;
            }
            if (a.startsWith(QLatin1Char('-')))
                continue;
            if (isPcapFile(a)) {
                QStringList rest = args;
                rest[0] = args.at(0) + QStringLiteral(" import");
                rest.removeAt(1);
                return runCapturePcapImport(rest);
            }
            break;
        }
    }
    return runCapture(args);
}

int runCapturePcapImport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Read OCPP traffic from a pcap/pcapng file (Wireshark, tcpdump, dumpcap) into the "
                                   "capture database. TLS connections are listed, not decoded."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("file"), Text::tr("pcap or pcapng file"));
    p.addOption({QStringLiteral("db"), Text::tr("Capture database (created when missing)."), Text::tr("file")});
    p.addOption({QStringLiteral("no-validation"), Text::tr("Decode frames without checking payloads against the schemas (faster).")});
    p.process(args);
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1 || !p.isSet(QStringLiteral("db"))) {
        err() << Text::tr("Usage: chargebench-cli capture import FILE --db DB [--no-validation]") << Qt::endl;
        return Usage;
    }
    return runImport(pos.at(0), p.value(QStringLiteral("db")), !p.isSet(QStringLiteral("no-validation")));
}

} // namespace cb::cli
