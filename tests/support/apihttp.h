#pragma once

// One automation-API request from a test, waited for on the test's thread: the status and the
// body, as raw bytes and as JSON.
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>

namespace cb::test {

struct ApiReply
{
    int status = 0; // 0: no answer within 30 s
    QJsonObject body;
    QByteArray raw;
};

inline ApiReply apiRequest(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &token, const QByteArray &postBody = {},
                           bool post = false)
{
    QNetworkRequest req(url);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *r = post ? nam.post(req, postBody) : nam.get(req);
    QSignalSpy done(r, &QNetworkReply::finished);
    ApiReply out;
    if (!done.wait(30000))
        return out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.raw = r->readAll();
    out.body = QJsonDocument::fromJson(out.raw).object();
    r->deleteLater();
    return out;
}

} // namespace cb::test
