module github.com/emend-project/emend

go 1.26
