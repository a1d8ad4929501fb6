"""The main window's screens: Today, Patients, Orders, Stock, Protocol, Admin."""
