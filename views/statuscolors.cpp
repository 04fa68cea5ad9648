#include "statuscolors.h"

#include <QHash>

namespace cb {

QColor connectorStatusColor(const QString &status)
{
    static const QHash<QString, QColor> colors{
        {QStringLiteral("Available"), QColor(0x2e, 0x9d, 0x4a)},
        {QStringLiteral("Preparing"), QColor(0x3b, 0x82, 0xc4)},
        {QStringLiteral("Occupied"), QColor(0x1f, 0x5f, 0xbf)},
        {QStringLiteral("Charging"), QColor(0x1f, 0x5f, 0xbf)},
        {QStringLiteral("SuspendedEVSE"), QColor(0xd9, 0x8e, 0x04)},
        {QStringLiteral("SuspendedEV"), QColor(0xd9, 0x8e, 0x04)},
        {QStringLiteral("Finishing"), QColor(0x16, 0x8a, 0x8a)},
        {QStringLiteral("Reserved"), QColor(0x7b, 0x4f, 0xb8)},
        {QStringLiteral("Unavailable"), QColor(0x80, 0x80, 0x80)},
        {QStringLiteral("Faulted"), QColor(0xc6, 0x28, 0x28)},
    };
    return colors.value(status, QColor(0xb0, 0xb0, 0xb0));
}

QColor connectionColor(bool connected) { return connected ? QColor(0x2e, 0x9d, 0x4a) : QColor(0x90, 0x90, 0x90); }

} // namespace cb
