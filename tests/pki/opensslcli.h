#pragma once

// The openssl command as an independent oracle for the PKI tests.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace cb::test {

struct OpensslRun
{
    int exitCode = -1;
    QByteArray output; // standard output
    QByteArray errors; // standard error
    bool ok() const { return exitCode == 0; }
    // Output and errors, for failure messages and for openssl commands that print to stderr.
    QString text() const { return QString::fromUtf8(output + errors); }
};

// The openssl executable found at configure time.
QString opensslProgram();

// Runs `openssl <arguments>` with `input` on standard input and waits for it (at most 60 s).
OpensslRun openssl(const QStringList &arguments, const QByteArray &input = {});

} // namespace cb::test
