#include "inspectcommands.h"

#include "clicommand.h"
#include "inspection/capturejsonlreader.h"
#include "inspection/capturequery.h"
#include "inspection/capturetransfer.h"
#include "inspection/protocollinter.h"
#include "storage/capturewriter.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace cb::cli {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

void printError(const Error &e)
{
    err() << e.message << Qt::endl;
    if (!e.hint.isEmpty())
        err() << e.hint << Qt::endl;
}

// ISO 8601 date or date-time; without an offset the time is taken as UTC (as captures store it).
std::optional<qint64> parseTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toMSecsSinceEpoch() * 1000;
}

QString isoTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Opens an existing capture database; Database::open would create a missing one, which for
// reading only hides a typo in the path.
std::optional<Error> openExisting(Database &db, const QString &path)
{
    if (!QFileInfo::exists(path))
        return Error{Text::tr("The capture database %1 does not exist.").arg(path),
                     Text::tr("Give the file that \"chargebench-cli serve --db\" or the desktop app wrote.")};
    if (auto ok = db.open(path); !ok)
        return ok.error();
    return std::nullopt;
}

void addSelectionOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("station"), Text::tr("Only this station's records."), Text::tr("id")});
    p.addOption({QStringLiteral("connection"), Text::tr("Only the records of this connection number."), Text::tr("n")});
    p.addOption({QStringLiteral("from"), Text::tr("Only records at or after this time (ISO 8601; UTC unless an offset is given)."),
                 Text::tr("time")});
    p.addOption({QStringLiteral("to"), Text::tr("Only records at or before this time (ISO 8601)."), Text::tr("time")});
    p.addOption({QStringLiteral("from-id"), Text::tr("Only records with this id or higher."), Text::tr("id")});
    p.addOption({QStringLiteral("to-id"), Text::tr("Only records with this id or lower."), Text::tr("id")});
}

std::optional<CaptureSelection> selectionFrom(const QCommandLineParser &p)
{
    CaptureSelection s;
    s.stationId = p.value(QStringLiteral("station"));
    const auto number = [&p](const QString &name, std::optional<qint64> &into) {
        if (!p.isSet(name))
            return true;
        bool ok = false;
        into = p.value(name).toLongLong(&ok);
        if (!ok)
            err() << Text::tr("--%1 needs a whole number, not \"%2\".").arg(name, p.value(name)) << Qt::endl;
        return ok;
    };
    const auto time = [&p](const QString &name, std::optional<qint64> &into) {
        if (!p.isSet(name))
            return true;
        into = parseTime(p.value(name));
        if (!into)
            err() << Text::tr("--%1 needs an ISO 8601 time such as 2026-11-23T20:56:00Z, not \"%2\".").arg(name, p.value(name))
                  << Qt::endl;
        return into.has_value();
    };
    if (!number(QStringLiteral("connection"), s.connectionId) || !number(QStringLiteral("from-id"), s.fromId) ||
        !number(QStringLiteral("to-id"), s.toId) || !time(QStringLiteral("from"), s.fromUs) ||
        !time(QStringLiteral("to"), s.toUs))
        return std::nullopt;
    return s;
}

void printHuman(const LintReport &report)
{
    for (const LintFinding &f : report.findings) {
        QStringList ids;
        for (qint64 id : f.frameIds)
            ids << QString::number(id);
        out() << QStringLiteral("%1 %2  station %3, connection %4, frame%5 %6, %7")
                     .arg(severityName(f.severity), ruleName(f.rule), f.stationId)
                     .arg(f.connectionId)
                     .arg(ids.size() > 1 ? QStringLiteral("s") : QString(), ids.join(QStringLiteral(", ")),
                          isoTime(f.timestampUs))
              << Qt::endl
              << QStringLiteral("    ") << f.message << Qt::endl;
    }
    const auto summary = report.summary();
    out() << Text::tr("%1 finding(s) in %2 record(s) of %3 station(s).")
                 .arg(report.findings.size())
                 .arg(report.recordCount)
                 .arg(summary.size())
          << Qt::endl;
    for (auto it = summary.begin(); it != summary.end(); ++it) {
        QStringList parts;
        int total = 0;
        for (auto r = it.value().begin(); r != it.value().end(); ++r) {
            parts << QStringLiteral("%1 %2").arg(ruleName(r.key())).arg(r.value());
            total += r.value();
        }
        out() << QStringLiteral("  ") << (it.key().isEmpty() ? Text::tr("(no station)") : it.key()) << QStringLiteral(": ")
              << (total ? Text::tr("%1 finding(s): %2").arg(total).arg(parts.join(QStringLiteral(", "))) : Text::tr("no findings"))
              << Qt::endl;
    }
}

} // namespace

int runCapture(const QStringList &args)
{
    const QString sub = args.size() > 1 ? args.at(1) : QString();
    QStringList rest = args;
    if (args.size() > 1) {
        rest[0] = args.at(0) + QLatin1Char(' ') + sub;
        rest.removeAt(1);
    }
    if (sub == QLatin1String("export"))
        return runCaptureExport(rest);
    if (sub == QLatin1String("lint"))
        return runCaptureLint(rest);
    if (sub == QLatin1String("import"))
        return runCaptureImportJsonl(rest);
    auto &e = err();
    if (!sub.isEmpty() && sub != QLatin1String("--help") && sub != QLatin1String("-h"))
        e << Text::tr("Unknown capture command \"%1\".").arg(sub) << Qt::endl;
    e << Text::tr("Usage: chargebench-cli capture COMMAND [options]; COMMAND --help for details.") << Qt::endl
      << QStringLiteral("  export  ") << Text::tr("write captured frames as JSON lines") << Qt::endl
      << QStringLiteral("  lint    ") << Text::tr("check a capture against OCPP rules (exit 1 on findings)") << Qt::endl
      << QStringLiteral("  import  ") << Text::tr("load a JSON lines capture into a database") << Qt::endl;
    return sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h") ? Ok : Usage;
}

int runCaptureExport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Export captured frames and connection events as JSON lines (lossless; see "
                                   "app/inspection/JSONL.md)."));
    p.addHelpOption();
    p.addOption({QStringLiteral("db"), Text::tr("Capture database (default %1).").arg(Database::defaultPath()), Text::tr("file")});
    p.addOption({QStringLiteral("out"), Text::tr("Output file; - for standard output (the default)."), Text::tr("file"),
                 QStringLiteral("-")});
    addSelectionOptions(p);
    p.process(args);
    if (!p.positionalArguments().isEmpty()) {
        err() << Text::tr("capture export takes no file argument; use --db for the database and --out for the output.")
              << Qt::endl;
        return Usage;
    }
    const auto selection = selectionFrom(p);
    if (!selection)
        return Usage;
    Database db;
    const QString dbPath = p.isSet(QStringLiteral("db")) ? p.value(QStringLiteral("db")) : Database::defaultPath();
    if (auto e = openExisting(db, dbPath)) {
        printError(*e);
        return Failure;
    }
    const QString outPath = p.value(QStringLiteral("out"));
    QFile f;
    const bool toStdout = outPath == QLatin1String("-");
    if (toStdout) {
        out().flush();
        if (!f.open(stdout, QIODevice::WriteOnly)) {
            err() << Text::tr("Cannot write to standard output.") << Qt::endl;
            return Failure;
        }
    } else {
        f.setFileName(outPath);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            err() << Text::tr("Cannot write %1: %2.").arg(outPath, f.errorString()) << Qt::endl;
            return Failure;
        }
    }
    const auto n = CaptureTransfer::exportJsonl(db, *selection, f);
    f.close();
    if (!n) {
        printError(n.error());
        return Failure;
    }
    if (!toStdout)
        err() << Text::tr("Exported %1 record(s) to %2.").arg(n.value()).arg(outPath) << Qt::endl;
    return Ok;
}

int runCaptureLint(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        Text::tr("Check a capture against OCPP rules: schema problems, replies without a CALL, duplicate message ids, "
           "replies missing or late, concurrent CALLs, traffic before an accepted BootNotification, heartbeat "
           "silence, transaction pairing and sequence, energy registers going backwards.\n"
           "Exit status: 0 no findings, 1 findings (or the capture could not be read), 2 usage error."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("file"), Text::tr("JSON lines capture; - for standard input. Or give --db."),
                            Text::tr("[file]"));
    p.addOption({QStringLiteral("db"), Text::tr("Lint a capture database instead of a file."), Text::tr("file")});
    p.addOption({QStringLiteral("json"), Text::tr("Print the findings and summary as one JSON object.")});
    p.addOption({QStringLiteral("timeout"), Text::tr("Seconds a CALL may wait for its reply (default 30)."), Text::tr("s"),
                 QStringLiteral("30")});
    p.addOption({QStringLiteral("ocpp"),
                 Text::tr("OCPP version for connections whose capture does not name it (1.6, 2.0.1, 2.1); default: guess."),
                 Text::tr("version")});
    addSelectionOptions(p);
    p.process(args);

    LintOptions options;
    bool ok = false;
    const double timeout = p.value(QStringLiteral("timeout")).toDouble(&ok);
    if (!ok || timeout <= 0) {
        err() << Text::tr("--timeout needs a positive number of seconds, not \"%1\".").arg(p.value(QStringLiteral("timeout")))
              << Qt::endl;
        return Usage;
    }
    options.replyTimeoutUs = qint64(timeout * 1e6);
    if (p.isSet(QStringLiteral("ocpp"))) {
        options.defaultVersion = parseVersion(p.value(QStringLiteral("ocpp")));
        if (!options.defaultVersion) {
            err() << Text::tr("Unknown --ocpp version. Use 1.6, 2.0.1 or 2.1.") << Qt::endl;
            return Usage;
        }
    }
    const QStringList files = p.positionalArguments();
    const bool fromDb = p.isSet(QStringLiteral("db"));
    if (files.size() > 1 || (fromDb == !files.isEmpty())) {
        err() << Text::tr("Give either one JSON lines file or --db DATABASE.") << Qt::endl;
        return Usage;
    }
    const auto selection = selectionFrom(p);
    if (!selection)
        return Usage;

    ProtocolLinter linter(options);
    if (fromDb) {
        Database db;
        if (auto e = openExisting(db, p.value(QStringLiteral("db")))) {
            printError(*e);
            return Failure;
        }
        const auto walked = CaptureQuery(db).forEachPage(*selection, [&linter](const QList<StoredCaptureRecord> &page) {
            for (const StoredCaptureRecord &r : page)
                linter.add(r);
            return true;
        });
        if (!walked) {
            printError(walked.error());
            return Failure;
        }
    } else {
        const QString path = files.first();
        QFile f;
        const bool opened = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                       : (f.setFileName(path), f.open(QIODevice::ReadOnly));
        if (!opened) {
            err() << Text::tr("Cannot read %1: %2.").arg(path, f.errorString()) << Qt::endl;
            return Failure;
        }
        CaptureJsonlReader reader(f);
        if (auto h = reader.readHeader(); !h) {
            printError(h.error());
            return Failure;
        }
        const CaptureSelection &s = *selection;
        for (;;) {
            auto next = reader.next();
            if (!next) {
                printError(next.error());
                return Failure;
            }
            if (!next.value())
                break;
            const StoredCaptureRecord &r = *next.value();
            // The same selection as on a database, applied while reading.
            if ((!s.stationId.isEmpty() && r.record.stationId != s.stationId) ||
                (s.connectionId && r.record.connectionId != *s.connectionId) ||
                (s.fromUs && r.record.timestampUs < *s.fromUs) || (s.toUs && r.record.timestampUs > *s.toUs) ||
                (s.fromId && r.id < *s.fromId) || (s.toId && r.id > *s.toId))
                continue;
            linter.add(r);
        }
    }
    const LintReport report = linter.finish();
    if (p.isSet(QStringLiteral("json")))
        out() << QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    else
        printHuman(report);
    out().flush();
    return report.findings.isEmpty() ? Ok : Failure;
}

int runCaptureImportJsonl(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Import a JSON lines capture (from capture export) into a capture database."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("file"), Text::tr("JSON lines capture; - for standard input."));
    p.addOption({QStringLiteral("db"), Text::tr("Capture database to add to (default %1); created when missing.")
                                           .arg(Database::defaultPath()),
                 Text::tr("file")});
    p.process(args);
    if (p.positionalArguments().size() != 1) {
        err() << Text::tr("Give one JSON lines file (or - for standard input).") << Qt::endl;
        return Usage;
    }
    const QString path = p.positionalArguments().first();
    QFile f;
    const bool opened =
        path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly) : (f.setFileName(path), f.open(QIODevice::ReadOnly));
    if (!opened) {
        err() << Text::tr("Cannot read %1: %2.").arg(path, f.errorString()) << Qt::endl;
        return Failure;
    }
    // pcap and pcapng files start with binary magic numbers, never with "{".
    if (path != QLatin1String("-") && !f.peek(1).startsWith('{')) {
        err() << Text::tr("%1 is not a JSON lines capture. Importing pcap/pcapng files is not available in this build yet.")
                     .arg(path)
              << Qt::endl;
        return Failure;
    }
    const QString dbPath = p.isSet(QStringLiteral("db")) ? p.value(QStringLiteral("db")) : Database::defaultPath();
    CaptureWriter writer;
    if (auto o = writer.open(dbPath); !o) {
        printError(o.error());
        return Failure;
    }
    const auto n = CaptureTransfer::importJsonl(f, writer);
    const auto closed = writer.close();
    if (!n) {
        printError(n.error());
        return Failure;
    }
    if (!closed) {
        printError(closed.error());
        return Failure;
    }
    err() << Text::tr("Imported %1 record(s) into %2.").arg(n.value()).arg(dbPath) << Qt::endl;
    return Ok;
}

} // namespace cb::cli
