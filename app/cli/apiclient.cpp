#include "apiclient.h"

#include "clicommand.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace cb::cli {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};
} // namespace

bool resolveApiTarget(const QString &apiOption, const QString &tokenOption, const QString &tokenFile, ApiTarget &target)
{
    QString api = !apiOption.isEmpty() ? apiOption : qEnvironmentVariable("CHARGEBENCH_API_URL");
    if (api.isEmpty())
        api = QStringLiteral("http://127.0.0.1:9001/api/");
    if (!api.endsWith(QLatin1Char('/')))
        api += QLatin1Char('/');
    QByteArray token = tokenOption.toUtf8();
    if (!tokenFile.isEmpty()) {
        QFile f(tokenFile);
        if (!f.open(QIODevice::ReadOnly)) {
            err() << Text::tr("Cannot read the token file %1: %2.").arg(f.fileName(), f.errorString()) << Qt::endl;
            return false;
        }
        token = f.readAll().trimmed();
    }
    if (token.isEmpty())
        token = qgetenv("CHARGEBENCH_API_TOKEN");
    if (token.isEmpty()) {
        err() << Text::tr("No API token: pass --token, --token-file or set CHARGEBENCH_API_TOKEN.") << Qt::endl
              << Text::tr("serve prints the token it uses; --api-token-file on serve fixes it.") << Qt::endl;
        return false;
    }
    target.base = api;
    target.token = token;
    return true;
}

HttpReply apiRequest(const QByteArray &method, const QUrl &url, const QByteArray &token, const QByteArray &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    req.setTransferTimeout(0); // applying a profile with a reboot takes minutes
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = QJsonDocument::fromJson(reply->readAll()).object();
    if (r.status == 0)
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

bool apiFailed(const HttpReply &r, int expected)
{
    if (r.status == expected)
        return false;
    if (r.status == 0) {
        err() << Text::tr("Cannot reach the automation API: %1").arg(r.error) << Qt::endl
              << Text::tr("Start the server with: chargebench-cli serve --api 127.0.0.1:9001, and pass --api and --token.") << Qt::endl;
        return true;
    }
    err() << Text::tr("The API answered %1: %2").arg(r.status).arg(r.body.value(QLatin1String("error")).toString()) << Qt::endl;
    const QString hint = r.body.value(QLatin1String("hint")).toString();
    if (!hint.isEmpty())
        err() << hint << Qt::endl;
    return true;
}

} // namespace cb::cli
