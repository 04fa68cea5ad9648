#pragma once

#include "devicemodel/devicemodel.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace cb::dm {

// One difference between two device models, per attribute (component/variable/attributeType).
struct DiffEntry
{
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    ComponentRef component;
    VariableRef variable;
    QString attributeType = QStringLiteral("Actual");
    std::optional<QString> oldValue; // absent for Added (and for attributes without a value)
    std::optional<QString> newValue; // absent for Removed
    QString oldMutability;           // set when the mutability changed (or for Added/Removed)
    QString newMutability;

    QString key() const;
    static QString kindName(Kind k); // "added", "removed", "changed"
    QJsonObject toJson() const;
};

// Differences from `before` to `after`, in the order of `after` (removed entries last, in the
// order of `before`). A variable present in both whose attribute appeared or vanished is reported
// as that attribute Added/Removed; a value or mutability change as Changed.
class ModelDiff
{
public:
    static ModelDiff compute(const DeviceModel &before, const DeviceModel &after);

    const QList<DiffEntry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    qsizetype count(DiffEntry::Kind kind) const;

    QJsonArray toJson() const;
    // CSV (RFC 4180, header line, CRLF): kind,component,evse,connector,componentInstance,
    // variable,variableInstance,attributeType,oldValue,newValue
    QByteArray toCsv() const;

private:
    QList<DiffEntry> m_entries;
};

// A device model as CSV, one row per attribute: component,evse,connector,componentInstance,
// variable,variableInstance,attributeType,value,mutability,dataType,unit,minLimit,maxLimit,valuesList
QByteArray modelToCsv(const DeviceModel &model);
// One CSV field, quoted when needed (RFC 4180).
QString csvField(const QString &value);

} // namespace cb::dm
