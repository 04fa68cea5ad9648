#include "opensslcli.h"

#include <QProcess>

namespace cb::test {

QString opensslProgram() { return QStringLiteral(OPENSSL_EXECUTABLE); }

OpensslRun openssl(const QStringList &arguments, const QByteArray &input)
{
    QProcess p;
    p.start(opensslProgram(), arguments);
    OpensslRun run;
    if (!p.waitForStarted()) {
        run.errors = p.errorString().toUtf8();
        return run;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        run.errors = "openssl did not finish";
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.output = p.readAllStandardOutput();
    run.errors = p.readAllStandardError();
    return run;
}

} // namespace cb::test
