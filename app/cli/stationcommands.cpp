#include "stationcommands.h"

#include "clicommand.h"
#include "operationcommand.h"
#include "secrets/secretstore.h"
#include "transport/handshakerequest.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace cb::cli {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

int waitFor(const std::function<void(std::function<void(Status<>)>)> &job)
{
    int rc = Failure;
    job([&rc](Status<> s) {
        if (s) {
            rc = Ok;
        } else {
            err() << s.error().message << Qt::endl;
            if (!s.error().hint.isEmpty())
                err() << s.error().hint << Qt::endl;
        }
        QCoreApplication::exit(rc);
    });
    return QCoreApplication::exec();
}
} // namespace

int runStation(const QStringList &args)
{
    // "station NAME ID ...": an operation of the table; its options come from the table.
    if (isOperationName(args.value(1)))
        return runStationOperation(args);
    if (args.value(1) == QLatin1String("operations"))
        return listOperations();
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Operate a station through a running server's API, and manage stations' secrets.\n"
                                   "  NAME ID [--PARAM VALUE ...] [--json]   run an operation (list: station operations;\n"
                                   "                     one: station NAME --help); exit 0 accepted, 1 rejected, 2 usage\n"
                                   "  set-password ID    read the Basic-auth password (profiles 1 and 2) from standard input\n"
                                   "  clear-password ID  remove it"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"), Text::tr("set-password or clear-password"));
    p.addPositionalArgument(QStringLiteral("id"), Text::tr("Station identity"));
    p.process(args);
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2 || (pos.at(0) != QLatin1String("set-password") && pos.at(0) != QLatin1String("clear-password"))) {
        err() << Text::tr("Usage: chargebench-cli station set-password|clear-password ID") << Qt::endl;
        return Usage;
    }
    const QString id = pos.at(1);
    if (auto ok = checkIdentity(id); !ok) {
        err() << ok.error().text() << Qt::endl;
        return Usage;
    }
    SecretStore store;
    const QString key = SecretStore::stationPasswordKey(id);
    if (pos.at(0) == QLatin1String("clear-password"))
        return waitFor([&](auto done) { store.remove(key, done); });

    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        err() << Text::tr("Cannot read standard input.") << Qt::endl;
        return Failure;
    }
    QByteArray password = in.readLine();
    while (password.endsWith('\n') || password.endsWith('\r'))
        password.chop(1);
    // OCPP 2.0.1 BasicAuthPassword is 16 to 40 characters; 1.6's AuthorizationKey is 16 to 20 bytes
    // (hex in the configuration). Shorter ones are still stored, with a warning, for lab chargers.
    if (password.isEmpty()) {
        err() << Text::tr("No password on standard input. Example: echo 'my-16-char-secret' | chargebench-cli station set-password %1").arg(id)
              << Qt::endl;
        return Usage;
    }
    if (password.size() < 16 || password.size() > 40)
        err() << Text::tr("Warning: OCPP expects a password of 16 to 40 characters; this one has %1.").arg(password.size()) << Qt::endl;
    const int rc = waitFor([&](auto done) { store.write(key, password, done); });
    if (rc == Ok)
        out() << Text::tr("Password for %1 stored in the OS keychain.").arg(id) << Qt::endl;
    return rc;
}

} // namespace cb::cli
