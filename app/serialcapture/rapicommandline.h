#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace cb {

// A RAPI command as a technician types it: "GS", "sc 16", "$SC 16" or even "$GS^30" (a typed
// checksum is dropped and computed again), turned into the command and parameters RapiClient sends.
struct RapiCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(cb::RapiCommandLine)
public:
    QByteArray command;        // two characters, upper case: "GS", "SC", "G0"
    QList<QByteArray> params;

    static Result<RapiCommandLine> parse(const QString &text);
    // The frame as sent without a sequence id: "$GS^30\r".
    QByteArray frame() const;
};

} // namespace cb
