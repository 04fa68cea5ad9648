# Settings dialog over AppSettings (app/settings); station passwords go to the keychain only.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/settingsdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/settingsdialog.h
)
target_link_libraries(chargebench_views PUBLIC chargebench_settings chargebench_secrets)
