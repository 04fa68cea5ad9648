#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace cb::cli {

// Where a running server's automation API is and how to authenticate: --api/--token/--token-file,
// else $CHARGEBENCH_API_URL / $CHARGEBENCH_API_TOKEN, else http://127.0.0.1:9001/api/.
struct ApiTarget
{
    QString base;       // ends with "/"
    QByteArray token;
};

struct HttpReply
{
    int status = 0;   // 0: no answer
    QJsonObject body;
    QString error;
};

// Reads the target from options already parsed; on failure prints why and returns false.
bool resolveApiTarget(const QString &api, const QString &token, const QString &tokenFile, ApiTarget &target);
// One request to the API, waited for in a local event loop (this is a command-line tool).
HttpReply apiRequest(const QByteArray &method, const QUrl &url, const QByteArray &token, const QByteArray &body = {});
// Prints the failure (no answer, or the API's error and hint) unless the status is `expected`.
bool apiFailed(const HttpReply &r, int expected = 200);

} // namespace cb::cli
