#pragma once

#include "pki/privatekey.h"
#include "simulator/stationblock.h"

namespace cb::sim {

// Security (2.x A, 1.6 security extension): certificate signing requests with a key the
// station keeps (SignCertificate on TriggerMessage / ExtendedTriggerMessage). Certificate
// installation and the security event log join here later.
class SecurityBlock : public StationBlock
{
public:
    using StationBlock::StationBlock;

    QString name() const override { return QStringLiteral("Security"); }
    void attach(RpcEndpoint &rpc) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;

private:
    void sendCsr(const QString &certificateType);

    pki::PrivateKey m_key; // made on first use
};

} // namespace cb::sim
