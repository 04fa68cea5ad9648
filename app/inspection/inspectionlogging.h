#pragma once

#include <QLoggingCategory>

// Capture inspection (lint, JSON lines); enable with QT_LOGGING_RULES="chargebench.inspection.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcInspection)
