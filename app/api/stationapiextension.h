#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>
#include <QUrlQuery>

#include <functional>

namespace cb {

// A request under /api/stations/{id}/<subPath> that the automation API's own routes do not
// serve (e.g. devicemodel, snapshots, profile), handed to the extension the workspace holds.
struct StationApiRequest
{
    QString method;     // "GET", "POST", "DELETE"
    QString stationId;
    QString subPath;    // after "/api/stations/{id}/", e.g. "snapshots/12"
    QUrlQuery query;
    QByteArray body;
};

struct StationApiReply
{
    int status = 404;   // HTTP status; 404 = not served here
    QJsonDocument body;
};

// Runs on one of the API's worker threads and may block it (never the GUI or server thread).
using StationApiExtension = std::function<StationApiReply(const StationApiRequest &)>;

} // namespace cb
