#pragma once

#include "storage/storedcapturerecord.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace cb::test {

// Crafts captures for lint and export tests: frames as they would appear in the frames table,
// with ids in order and a clock that advances by the seconds each call names. By default the
// station's frames are incoming (ChargeBench as the CSMS).
class CaptureBuilder
{
public:
    QList<StoredCaptureRecord> records;
    QString station = QStringLiteral("CP1");
    qint64 connection = 1;
    qint64 nowUs = 1'700'000'000'000'000;
    bool stationIsOutgoing = false;

    qint64 open(const QString &subprotocol, double afterS = 0)
    {
        return push(CaptureRecord::Kind::ConnectionOpened, false, 0, {}, {},
                    QJsonDocument(QJsonObject{{QStringLiteral("subprotocol"), subprotocol}}).toJson(QJsonDocument::Compact),
                    afterS);
    }
    qint64 close(double afterS = 0)
    {
        return push(CaptureRecord::Kind::ConnectionClosed, false, 0, {}, {},
                    QByteArrayLiteral("{\"closeCode\":1000}"), afterS);
    }
    // A CALL from the station (fromStation) or the CSMS.
    qint64 call(bool fromStation, const QString &id, const QString &action, const QJsonObject &payload = {},
                double afterS = 0)
    {
        const QJsonArray a{2, id, action, payload};
        return push(CaptureRecord::Kind::Frame, fromStation == stationIsOutgoing, 2, id, action,
                    QJsonDocument(a).toJson(QJsonDocument::Compact), afterS);
    }
    qint64 result(bool fromStation, const QString &id, const QString &action, const QJsonObject &payload = {},
                  double afterS = 0)
    {
        const QJsonArray a{3, id, payload};
        return push(CaptureRecord::Kind::Frame, fromStation == stationIsOutgoing, 3, id, action,
                    QJsonDocument(a).toJson(QJsonDocument::Compact), afterS);
    }
    qint64 push(CaptureRecord::Kind kind, bool outgoing, int type, const QString &id, const QString &action,
                const QByteArray &data, double afterS, const QString &problem = {})
    {
        nowUs += qint64(afterS * 1e6);
        StoredCaptureRecord s;
        s.id = records.size() + 1;
        s.record.kind = kind;
        s.record.timestampUs = nowUs;
        s.record.stationId = station;
        s.record.connectionId = connection;
        s.record.outgoing = outgoing;
        s.record.messageType = type;
        s.record.messageId = id;
        s.record.action = action;
        s.record.data = data;
        s.record.problem = problem;
        records.append(s);
        return s.id;
    }
    // Boot with the given status and interval (seconds), answered at once.
    void boot(const QString &status, int interval = 60, const QString &id = QStringLiteral("boot"))
    {
        call(true, id, QStringLiteral("BootNotification"),
             QJsonObject{{QStringLiteral("chargePointVendor"), QStringLiteral("V")},
                         {QStringLiteral("chargePointModel"), QStringLiteral("M")}});
        result(false, id, QStringLiteral("BootNotification"),
               QJsonObject{{QStringLiteral("status"), status},
                           {QStringLiteral("interval"), interval},
                           {QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:13:20Z")}});
    }
};

} // namespace cb::test
