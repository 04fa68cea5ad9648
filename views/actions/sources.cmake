# Actions panel: everyday CSMS actions as buttons; the payloads are built by plain functions.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/actionspanel.cpp ${CMAKE_CURRENT_LIST_DIR}/actionspanel.h
    ${CMAKE_CURRENT_LIST_DIR}/stationactions.cpp ${CMAKE_CURRENT_LIST_DIR}/stationactions.h
)
