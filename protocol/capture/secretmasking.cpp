#include "secretmasking.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QStringList>

namespace cb::secretmasking {

namespace {

// Collects the masked strings, so that the frame can be patched where they stand in the text.
struct Masker
{
    QStringList secrets;
    bool masked = false;

    QJsonValue hide(const QJsonValue &v)
    {
        if (v.isString()) {
            const QString s = v.toString();
            if (s.isEmpty() || s == marker())
                return v; // nothing to hide, or already hidden
            secrets << s;
        } else if (v.isUndefined() || v.isNull()) {
            return v;
        }
        masked = true;
        return marker();
    }

    // Replaces obj[key] when present.
    void hideMember(QJsonObject &obj, QLatin1StringView key)
    {
        const auto it = obj.find(key);
        if (it != obj.end())
            *it = hide(*it);
    }
};

bool isSecretVariable(const QString &name)
{
    // BasicAuthPassword (SecurityCtrlr), and vendors' or 2.1's other password variables.
    return name.contains(QLatin1StringView("password"), Qt::CaseInsensitive);
}

bool isSecretConfigurationKey(const QString &key)
{
    return key.compare(QLatin1StringView("AuthorizationKey"), Qt::CaseInsensitive) == 0 || isSecretVariable(key);
}

QString variableName(const QJsonObject &entry)
{
    return entry.value(QLatin1StringView("variable")).toObject().value(QLatin1StringView("name")).toString();
}

// list[i] is an object; edit(object) changes it in place.
template<typename Edit>
void forEachObject(QJsonObject &payload, QLatin1StringView listKey, Edit edit)
{
    const auto it = payload.find(listKey);
    if (it == payload.end() || !it->isArray())
        return;
    QJsonArray list = it->toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QJsonObject o = list.at(i).toObject();
        if (edit(o))
            list[i] = o;
    }
    *it = list;
}

// The secrets the message's schema places at known members.
void maskKnownFields(QJsonObject &payload, const QString &action, int messageType, Masker &m)
{
    const bool call = messageType == 2;
    const bool result = messageType == 3;
    if (call && action == QLatin1StringView("SetVariables")) {
        forEachObject(payload, QLatin1StringView("setVariableData"), [&](QJsonObject &o) {
            if (!isSecretVariable(variableName(o)))
                return false;
            m.hideMember(o, QLatin1StringView("attributeValue"));
            return true;
        });
    } else if (result && action == QLatin1StringView("GetVariables")) {
        forEachObject(payload, QLatin1StringView("getVariableResult"), [&](QJsonObject &o) {
            if (!isSecretVariable(variableName(o)))
                return false;
            m.hideMember(o, QLatin1StringView("attributeValue"));
            return true;
        });
    } else if (call && action == QLatin1StringView("NotifyReport")) {
        forEachObject(payload, QLatin1StringView("reportData"), [&](QJsonObject &o) {
            if (!isSecretVariable(variableName(o)))
                return false;
            forEachObject(o, QLatin1StringView("variableAttribute"), [&](QJsonObject &a) {
                m.hideMember(a, QLatin1StringView("value"));
                return true;
            });
            return true;
        });
    } else if (call && action == QLatin1StringView("ChangeConfiguration")) {
        if (isSecretConfigurationKey(payload.value(QLatin1StringView("key")).toString()))
            m.hideMember(payload, QLatin1StringView("value"));
    } else if (result && action == QLatin1StringView("GetConfiguration")) {
        forEachObject(payload, QLatin1StringView("configurationKey"), [&](QJsonObject &o) {
            if (!isSecretConfigurationKey(o.value(QLatin1StringView("key")).toString()))
                return false;
            m.hideMember(o, QLatin1StringView("value"));
            return true;
        });
    } else if (call && action == QLatin1StringView("SetNetworkProfile")) {
        auto data = payload.find(QLatin1StringView("connectionData"));
        if (data == payload.end() || !data->isObject())
            return;
        QJsonObject c = data->toObject();
        m.hideMember(c, QLatin1StringView("basicAuthPassword")); // 2.1
        for (const auto part : {QLatin1StringView("vpn"), QLatin1StringView("apn")}) {
            auto it = c.find(part);
            if (it == c.end() || !it->isObject())
                continue;
            QJsonObject o = it->toObject();
            for (const auto key : {QLatin1StringView("password"), QLatin1StringView("key"), QLatin1StringView("apnPassword"),
                                   QLatin1StringView("simPin")})
                m.hideMember(o, key);
            *it = o;
        }
        *data = c;
    }
}

bool holdsPrivateKey(const QString &s)
{
    // "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "... EC PRIVATE KEY", encrypted ones.
    const qsizetype begin = s.indexOf(QLatin1StringView("-----BEGIN "));
    return begin >= 0 && s.indexOf(QLatin1StringView("PRIVATE KEY-----"), begin) >= 0;
}

// Any string holding a PEM private key, wherever the message puts it (vendor DataTransfer, 2.1
// extensions, custom data).
QJsonValue maskPrivateKeys(const QJsonValue &v, Masker &m)
{
    if (v.isString())
        return holdsPrivateKey(v.toString()) ? m.hide(v) : v;
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            a[i] = maskPrivateKeys(a.at(i), m);
        return a;
    }
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            *it = maskPrivateKeys(*it, m);
        return o;
    }
    return v;
}

bool mayHoldSecrets(const QByteArray &frame, const QString &action)
{
    static const QStringList actions{QStringLiteral("SetVariables"), QStringLiteral("GetVariables"),
                                     QStringLiteral("NotifyReport"), QStringLiteral("ChangeConfiguration"),
                                     QStringLiteral("GetConfiguration"), QStringLiteral("SetNetworkProfile")};
    return actions.contains(action) || frame.contains("PRIVATE KEY");
}

QByteArray jsonStringLiteral(const QString &s)
{
    const QByteArray a = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact); // ["..."]
    return a.mid(1, a.size() - 2);
}

} // namespace

QString marker()
{
    return QStringLiteral("\u2022\u2022\u2022\u2022 (masked)");
}

QByteArray maskFrame(const QByteArray &frame, const QString &action)
{
    if (!mayHoldSecrets(frame, action))
        return frame;
    const QJsonDocument doc = QJsonDocument::fromJson(frame);
    if (!doc.isArray())
        return frame;
    QJsonArray message = doc.array();
    const int type = message.at(0).toInt();
    // [2, id, action, payload], [3, id, payload]
    const qsizetype payloadAt = type == 2 ? 3 : type == 3 ? 2 : -1;
    Masker m;
    if (payloadAt >= 0 && message.at(payloadAt).isObject()) {
        QJsonObject payload = message.at(payloadAt).toObject();
        maskKnownFields(payload, action, type, m);
        message[payloadAt] = payload;
    }
    message = maskPrivateKeys(message, m).toArray();
    if (!m.masked)
        return frame;

    // Patch the secrets where they stand, so the rest of the frame keeps its bytes as on the wire;
    // a number, or a secret that also appears as a member name, needs the frame written anew.
    QByteArray patched = frame;
    const QByteArray replacement = jsonStringLiteral(marker());
    for (const QString &s : std::as_const(m.secrets))
        patched.replace(jsonStringLiteral(s), replacement);
    if (QJsonDocument::fromJson(patched).array() == message)
        return patched;
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

bool maskRecord(CaptureRecord &record)
{
    if (record.kind != CaptureRecord::Kind::Frame || record.data.isEmpty())
        return false;
    QByteArray masked = maskFrame(record.data, record.action);
    if (masked.constData() == record.data.constData() && masked.size() == record.data.size())
        return false;
    record.data = std::move(masked);
    return true;
}

} // namespace cb::secretmasking
