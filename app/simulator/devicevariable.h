#pragma once

#include "valuerules.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace cb::sim {

// One variable of one component instance in the virtual station's device model, with its
// attributes (Actual first) and characteristics.
struct DeviceVariable
{
    struct Attribute
    {
        QString type = QStringLiteral("Actual"); // AttributeEnumType
        QString value;
        QString mutability = QStringLiteral("ReadOnly");
        bool persistent = true;
        bool constant = false;
    };

    QString component;
    QString componentInstance;
    int evseId = 0;      // 0: not on an EVSE
    int connectorId = 0; // 0: the EVSE as a whole
    QString variable;
    QString variableInstance;
    ValueRules rules;
    QString unit;
    bool supportsMonitoring = false;
    bool rebootRequired = false; // setting it answers RebootRequired
    QString live;                // the value is computed by the station (see VirtualStation)
    QList<Attribute> attributes;

    const Attribute *attribute(const QString &type) const
    {
        for (const Attribute &a : attributes)
            if (a.type == type)
                return &a;
        return nullptr;
    }
    Attribute *attribute(const QString &type)
    {
        for (Attribute &a : attributes)
            if (a.type == type)
                return &a;
        return nullptr;
    }
    bool writable() const
    {
        for (const Attribute &a : attributes)
            if (a.mutability != QLatin1String("ReadOnly"))
                return true;
        return false;
    }

    // ComponentType and VariableType as the 2.x messages carry them.
    QJsonObject componentJson() const
    {
        QJsonObject c{{QStringLiteral("name"), component}};
        if (!componentInstance.isEmpty())
            c.insert(QStringLiteral("instance"), componentInstance);
        if (evseId > 0) {
            QJsonObject evse{{QStringLiteral("id"), evseId}};
            if (connectorId > 0)
                evse.insert(QStringLiteral("connectorId"), connectorId);
            c.insert(QStringLiteral("evse"), evse);
        }
        return c;
    }
    QJsonObject variableJson() const
    {
        QJsonObject v{{QStringLiteral("name"), variable}};
        if (!variableInstance.isEmpty())
            v.insert(QStringLiteral("instance"), variableInstance);
        return v;
    }
};

} // namespace cb::sim
