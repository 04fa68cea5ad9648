#pragma once

#include <QLoggingCategory>

// Storage subsystem; enable with QT_LOGGING_RULES="chargebench.db.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcDb)
