#pragma once

#include <QSet>
#include <QString>

namespace cb {

// How the mini-CSMS answers chargers by default. Shared by all stations; set from settings.
struct CsmsPolicy
{
    enum class Authorize { AcceptAll, AllowList, RejectAll };

    int heartbeatIntervalS = 300;       // BootNotification interval
    QString bootStatus = QStringLiteral("Accepted"); // Accepted, Pending or Rejected
    Authorize authorize = Authorize::AcceptAll;
    QSet<QString> allowList;            // id tags / id tokens accepted under AllowList

    bool accepts(const QString &idToken) const
    {
        switch (authorize) {
        case Authorize::AcceptAll: return true;
        case Authorize::AllowList: return allowList.contains(idToken);
        case Authorize::RejectAll: return false;
        }
        return false;
    }
};

} // namespace cb
