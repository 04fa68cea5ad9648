#include "securityblock.h"

#include "pki/certificaterequest.h"
#include "simulator/virtualstation.h"

#include <QCoreApplication>

namespace cb::sim {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::SecurityBlock)
};
} // namespace

void SecurityBlock::attach(RpcEndpoint &rpc) { Q_UNUSED(rpc) }

std::optional<TriggerReply> SecurityBlock::trigger(const TriggerRequest &request)
{
    const QString &m = request.message;
    QStringList types;
    if (m == QLatin1String("SignChargingStationCertificate") || m == QLatin1String("SignChargePointCertificate"))
        types << QStringLiteral("ChargingStationCertificate");
    else if (m == QLatin1String("SignV2GCertificate"))
        types << QStringLiteral("V2GCertificate");
    else if (m == QLatin1String("SignV2G20Certificate"))
        types << QStringLiteral("V2G20Certificate");
    else if (m == QLatin1String("SignCombinedCertificate"))
        types << QStringLiteral("ChargingStationCertificate") << QStringLiteral("V2GCertificate");
    else
        return std::nullopt;
    return TriggerReply{QStringLiteral("Accepted"), {}, [this, types] {
                            for (const QString &t : types)
                                sendCsr(t);
                        }};
}

void SecurityBlock::sendCsr(const QString &certificateType)
{
    if (m_key.isNull()) {
        auto key = pki::PrivateKey::generate(pki::KeyType::EcP256);
        if (!key) {
            station().internalError(key.error().text());
            return;
        }
        m_key = key.value();
    }
    const bool v2g = certificateType != QLatin1String("ChargingStationCertificate");
    // A00.FR.507 / A02.FR.06: CN is the station identity, O the CPO (OrganizationName / CpoName).
    const pki::DistinguishedName subject(v2g ? station().identity() + QStringLiteral("-SECC") : station().identity(),
                                         station().settings().organization(), {}, v2g ? QStringLiteral("DE") : QString());
    const auto csr = pki::createCsr(m_key, subject);
    if (!csr) {
        station().internalError(csr.error().text());
        return;
    }
    QJsonObject payload{{QStringLiteral("csr"), QString::fromLatin1(csr.value())}};
    if (station().version() != OcppVersion::V16)
        payload.insert(QStringLiteral("certificateType"), certificateType);
    station().note(Text::tr("sending a certificate signing request (%1)").arg(certificateType));
    station().call(QStringLiteral("SignCertificate"), payload,
                   [this, certificateType](const CallOutcome &o) {
                       if (o.ok())
                           station().note(Text::tr("SignCertificate (%1): %2").arg(certificateType, o.payload.value(QLatin1String("status")).toString()));
                   },
                   VirtualStation::Delivery::Triggered);
}

} // namespace cb::sim
