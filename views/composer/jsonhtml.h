#pragma once

#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace cb {

// Pretty-prints JSON as HTML (<pre>, light syntax colours) for a read-only view. Lines whose
// JSON pointer is a key of `marks` get a red background and the rules written after them, so a
// reply's schema violations show where they are.
QString jsonHtml(const QJsonValue &value, const QHash<QString, QStringList> &marks = {});

} // namespace cb
